// GET /openapi.json (the document) and GET /docs (an API reference page rendered from it).
// swagger-ui-express serves swagger-ui-dist's own files from node_modules, so the page
// loads nothing from a CDN.
import express from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './document';

export function openApiRouter(): express.Router {
  const router = express.Router();
  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.status(200).json(document);
  });
  router.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(document, {
      customSiteTitle: 'Checkout orchestrator API',
      swaggerOptions: { defaultModelsExpandDepth: 0 },
    }),
  );
  return router;
}
