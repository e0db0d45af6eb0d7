import express, { type Express } from 'express';
import type { Commands } from '../domain/commands.js';
import { correlation } from './correlation.js';
import { problemHandler, sendProblem } from './problem-details.js';
import { commandRoutes } from './routes/command-routes.js';
import { healthRoutes } from './routes/health-routes.js';

export interface AppDependencies {
  readonly commands: Commands;
  readonly bodyLimitBytes: number;
}

/** The HTTP API. Routes are grouped by concern; errors become problems in one place. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.use(healthRoutes());
  app.use('/api', express.json({ limit: deps.bodyLimitBytes }), correlation, commandRoutes(deps.commands));
  app.use((req, res) => sendProblem(res, { status: 404, title: 'Not Found', detail: `no route for ${req.method} ${req.path}` }));
  app.use(problemHandler);
  return app;
}
