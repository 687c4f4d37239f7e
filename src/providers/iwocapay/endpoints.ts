// Where iwocaPay serves each order call, relative to the site (IWOCAPAY_BASE_URL).
// From the official Magento plugin's etc/config.xml and Model/Config.php:
//   2.x (2.0.0, 2026-06, to 2.9.0): create under /api/lending/edge/, read and cancel
//       (GET / DELETE) the seller-scoped order under /api/iwocapay/;
//   1.x (to 1.1.10): read and cancel /api/lending/edge/ecommerce/order/{id}/.
import type { IwocaPayConfig } from './config';

const LENDING = 'api/lending/edge';
const IWOCAPAY = 'api/iwocapay';

const sellerOrders = (config: IwocaPayConfig) =>
  `ecommerce/seller/${encodeURIComponent(config.supplierUuid)}/order/`;

export const iwocaPayEndpoints = {
  createOrder: (config: IwocaPayConfig) => `${LENDING}/${sellerOrders(config)}`,
  /** GET (its answer signed with X-Iwocapay-Hmac-Sha256) and DELETE. */
  order: (config: IwocaPayConfig, orderId: string) =>
    `${IWOCAPAY}/${sellerOrders(config)}${encodeURIComponent(orderId)}/`,
  /** The 1.x plugin's read and cancel path, tried for a cancel the current path does not serve. */
  legacyOrder: (orderId: string) => `${LENDING}/ecommerce/order/${encodeURIComponent(orderId)}/`,
};
