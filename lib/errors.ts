// Errors a use case can raise; the API turns them into RFC 9457 problem details and forms show
// `field` errors next to the field.

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldProblem[], message = errors[0]?.message ?? "The request is not valid.") {
    super(422, "Validation failed", message, errors);
  }
  static field(field: string, message: string) {
    return new ValidationError([{ field, message }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, "Not found", `${what} "${id}" was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super(409, "Conflict", message, field ? [{ field, message }] : []);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send an API token (Authorization: Bearer …).") {
    super(401, "Unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do this.") {
    super(403, "Forbidden", message);
  }
}
