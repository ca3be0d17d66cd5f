/** pino-compatible logger subset; the client never passes secrets to it. */
export interface PveLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;
export const silentLogger: PveLogger = { debug: noop, info: noop, warn: noop, error: noop };
