"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { credentialsErrorMessage } from "@/lib/auth/sign-in-messages";

export interface LoginFormProps {
  callbackUrl?: string;
  /** Set when single sign-on is configured: the button's "Sign in with …". */
  ssoName?: string;
  /** Why the last sign-in through SSO was refused (from the page's ?error=). */
  initialError?: string | null;
}

export function LoginForm({ callbackUrl, ssoName, initialError = null }: LoginFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    setPending(false);
    if (!result || result.error) {
      setError(credentialsErrorMessage(result?.error));
      return;
    }
    // "/" sends each role to its home page.
    router.replace(callbackUrl ?? "/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Sign in">
      <h1>GPU Fleet Console</h1>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="alert-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {ssoName && (
        <>
          <p className="login-or muted">or</p>
          <button type="button" className="btn" onClick={() => void signIn("oidc", { callbackUrl: callbackUrl ?? "/" })}>
            Sign in with {ssoName}
          </button>
        </>
      )}
    </form>
  );
}
