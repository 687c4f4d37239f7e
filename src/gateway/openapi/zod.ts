// zod with `.openapi()`: schemas that import z from here can name themselves as OpenAPI
// components. Importing this first is what guarantees zod is extended before they are built.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
