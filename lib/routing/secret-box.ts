import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import { getEnv } from "@/lib/api/env";

/**
 * Receivers' secrets at rest: AES-256-GCM with a key derived from ROUTING_SECRET_KEY,
 * bound to where the secret belongs (`receiver.field` as associated data), so a
 * ciphertext copied onto another receiver does not open. Format: v1.<iv>.<tag>.<data>
 * (base64url).
 */
function key(secret: string | undefined): Buffer {
  if (!secret) throw new AppError("request:unprocessable", "storing a secret needs ROUTING_SECRET_KEY set on the console; or reference an environment variable or a file instead");
  return createHash("sha256").update(secret).digest();
}

export function seal(value: string, where: string, secret = getEnv().ROUTING_SECRET_KEY): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  cipher.setAAD(Buffer.from(where));
  const data = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function open(sealed: string, where: string, secret = getEnv().ROUTING_SECRET_KEY): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new AppError("request:unprocessable", `${where}: the stored secret is not in a known format; enter it again`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(where));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("request:unprocessable", `${where}: the stored secret does not open with this ROUTING_SECRET_KEY (was the key changed?); enter it again`);
  }
}
