// Every workflow the worker hosts (the bundler's entry point: workflowsPath).
export { checkoutWorkflow } from './checkout';
export { recordInboundEventWorkflow } from './inbound';
export { paymentWorkflow } from './payment/payment';
export { merchantEventDeliveryWorkflow } from './merchant-events/delivery';
