/**
 * One console replica's silence work, as a process of its own (integration tests start
 * two, and kill one with SIGKILL): the same lib code the server runs, on the same
 * database (DATABASE_URL), against the Alertmanager named on the command line.
 *
 *   loop <alertmanager> <intervalMs>              the reconciler's loop (its passes), until killed
 *   burst <alertmanager> <tag> <n> <concurrency>  n creates with Idempotency-Keys, each
 *                                                 followed by a sync pass (as the API does);
 *                                                 prints "try <key>" before and "ack <key> <id>" after
 */
import type { Actor } from "@/lib/silences/repo";
import { createChecked } from "@/lib/silences/writes";
import { reconcile } from "@/lib/silences/sync";

const [mode, am, ...rest] = process.argv.slice(2);
const ACTOR: Actor = { kind: "system", id: null, name: "replica test", scope: null };

function burstInput(tag: string, i: number) {
  return {
    matchers: [
      { name: "alertname", value: `ReplicaBurst${i}`, isRegex: false, isEqual: true },
      { name: "team", value: "int-test", isRegex: false, isEqual: true },
      { name: "run", value: tag, isRegex: false, isEqual: true },
    ],
    endsAt: Date.now() + 3_600_000,
    comment: `int: burst ${tag} ${i}`,
  };
}

async function main() {
  if (!am) throw new Error("usage: silence-replica loop|burst <alertmanager> …");
  if (mode === "loop") {
    // The reconciler's loop (lib/silences/reconciler.ts without the maintenance windows, whose module needs Next's request scope).
    for (;;) {
      await reconcile({ alertmanagers: [am] }).catch((error) => console.error("silence sync failed:", (error as Error).message));
      await new Promise((r) => setTimeout(r, Number(rest[0] ?? 200)));
    }
  }
  if (mode === "burst") {
    const [tag = "x", n = "20", concurrency = "4"] = rest;
    let next = 0;
    const worker = async () => {
      while (next < Number(n)) {
        const i = next++;
        const key = `${tag}-${i}`;
        process.stdout.write(`try ${key}\n`);
        const s = await createChecked(burstInput(tag, i), ACTOR, { alertmanagers: [am], scopeLabel: "team", idempotency: { owner: "system:replica", key, requestHash: key } });
        await reconcile({ alertmanagers: [am] });
        process.stdout.write(`ack ${key} ${s.id}\n`);
      }
    };
    await Promise.all(Array.from({ length: Number(concurrency) }, worker));
    process.exit(0);
  }
  throw new Error(`unknown mode ${mode}`);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
