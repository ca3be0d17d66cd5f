/** An error the API answers with as-is: status, message and optional details. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A 400 naming one offending field, shaped like the contracts' validation errors. */
export function fieldError(field: string, message: string, status = 400): ApiError {
  return new ApiError(status, message, { fields: { [field]: message } });
}
