# One image for the worker and the gateway; docker-compose.yml picks the command.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
# tsc, then the workflows bundled once into dist/workflow-bundle.js: the worker loads
# that file and starts without webpack.
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
# Inside a container the gateway must listen on the container's interface; what reaches
# it is decided by the ports the runtime publishes (docker-compose.yml: 127.0.0.1 only).
# Metrics stay on loopback unless METRICS_HOST is set.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
USER node
CMD ["node", "dist/src/gateway/main.js"]
