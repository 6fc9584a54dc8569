/** Environment → settings, validated once at start-up with clear messages. */
import { validateCodePattern, DEFAULT_CODE_PATTERN } from './domain/dossier/code.ts';
import { DEFAULT_CONFIG, type AppConfig } from './services/context.ts';

export interface Settings {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  config: AppConfig;
}

export function loadSettings(env: NodeJS.ProcessEnv): Settings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  const codePattern = env.MOTCUA_DOSSIER_CODE_PATTERN ?? DEFAULT_CODE_PATTERN;
  const patternError = validateCodePattern(codePattern);
  if (patternError) throw new Error(`MOTCUA_DOSSIER_CODE_PATTERN: ${patternError}`);
  const maxUploadMb = Number(env.MOTCUA_MAX_UPLOAD_MB ?? 10);
  if (!(maxUploadMb > 0 && maxUploadMb <= 100)) throw new Error('MOTCUA_MAX_UPLOAD_MB must be between 0 and 100');
  // Demo accounts have a published password: seeded by default only on the embedded database.
  const seedDemo = env.MOTCUA_SEED_DEMO ? env.MOTCUA_SEED_DEMO === 'true' : !databaseUrl;
  return {
    port,
    host: env.HOST ?? 'localhost',
    databaseUrl,
    dataDir: env.MOTCUA_DATA_DIR ?? './data',
    seedDemo,
    config: {
      ...DEFAULT_CONFIG,
      codePattern,
      maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024),
      secureCookies: env.MOTCUA_SECURE_COOKIES === 'true',
    },
  };
}
