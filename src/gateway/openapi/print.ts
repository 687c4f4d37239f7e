// Prints the OpenAPI document as JSON on stdout (`npm run client:generate` reads it):
// the same document GET /openapi.json serves, without starting a gateway.
import { openApiDocument } from './document';

process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
