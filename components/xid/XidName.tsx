"use client";

import Link from "next/link";
import { describeXid, XID_ACTION_TEXT, type XidCode } from "@/lib/xid/catalogue";

export interface XidNameProps {
  code: number;
  catalogue: readonly XidCode[];
  /** Also the operator action and a link to the runbook. */
  detail?: boolean;
}

/** "XID 79: GPU has fallen off the bus", its meaning on hover; with `detail`, what to do and the runbook. */
export function XidName({ code, catalogue, detail = false }: XidNameProps) {
  const xid = describeXid(code, catalogue);
  return (
    <span className="xid-name" data-xid={code} title={xid.entry ? `${xid.entry.meaning} Action: ${XID_ACTION_TEXT[xid.entry.action]}.` : undefined}>
      XID {code}: <strong>{xid.name}</strong>
      {detail && xid.entry && (
        <>
          {" "}
          · {XID_ACTION_TEXT[xid.entry.action]} · <Link href={`/runbooks/${xid.entry.runbook}`}>runbook</Link>
        </>
      )}
    </span>
  );
}
