import { AppError } from "./errors";

/** A request's JSON body, or 400 "body: JSON expected". */
export async function readJsonBody(request: Request): Promise<unknown> {
  return request.json().catch(() => {
    throw new AppError("request:invalid", "body: JSON expected");
  });
}
