import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/LoginForm";
import { getEnv } from "@/lib/api/env";
import { sso } from "@/lib/auth/options";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { signInErrorMessage } from "@/lib/auth/sso";
import { homePathFor } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const user = await currentUser();
  if (user) redirect(callbackUrl ?? homePathFor(user.role));
  return (
    <main className="login">
      <div>
        <LoginForm callbackUrl={callbackUrl} ssoName={sso?.name} initialError={signInErrorMessage(typeof params.error === "string" ? params.error : undefined)} />
        {getEnv().DEMO_MODE && (
          <p className="demo-hint">
            Demo: <code>viewer@</code>, <code>developer@</code>, <code>sre@</code> or <code>admin@demo.local</code>,
            with the password printed by <code>npm run demo</code>.
          </p>
        )}
      </div>
    </main>
  );
}
