import { expect, PASSWORD, test, USERS } from "./fixtures";

test.describe("sign-in", () => {
  test("signed out, a page redirects to /login and comes back after sign-in", async ({ page, loginPage }) => {
    await page.goto("/sre");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsre$/);
    await loginPage.signIn(USERS.sre, PASSWORD);
    await expect(page).toHaveURL(/\/sre$/);
  });

  test("a wrong password says so and creates no session", async ({ page, loginPage, context }) => {
    await loginPage.goto();
    await loginPage.signIn(USERS.sre, "not-the-password");
    await expect(loginPage.error).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name.includes("next-auth.session-token"))).toBe(false);
    const session = await page.request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
  });

  test("an unknown e-mail gets the same message", async ({ loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn("nobody@demo.local", PASSWORD);
    await expect(loginPage.error).toHaveText("Wrong email or password.");
  });

  test("a viewer cannot open the SRE dashboard", async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn(USERS.viewer, PASSWORD);
    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SRE" })).toHaveCount(0);
    await page.goto("/sre");
    await expect(page).toHaveURL(/\/forbidden\?page=sre/);
    await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
  });

  test("sign out ends the session", async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signIn(USERS.sre, PASSWORD);
    await expect(page).toHaveURL(/\/sre$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/sre");
    await expect(page).toHaveURL(/\/login/);
  });
});
