import { AppError, errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { firstIssue } from "@/lib/api/zod";
import { apiPrincipal } from "@/lib/auth/principal";
import { listPrices, savePrices } from "@/lib/prices/repo";
import { PriceTableSchema } from "@/lib/prices/schema";

export const dynamic = "force-dynamic";

/** GPU-hour prices by model: everyone signed in reads them (the overview's idle cost). */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/prices", "GET");
    return Response.json({ prices: await listPrices() });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Admins replace the table. */
export async function PUT(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/prices", "PUT");
    const body = await readJsonBody(request);
    const table = PriceTableSchema.safeParse(body);
    if (!table.success) throw new AppError("request:invalid", firstIssue(table.error));
    return Response.json({ prices: await savePrices(table.data, principal) });
  } catch (error) {
    return errorResponse(error);
  }
}
