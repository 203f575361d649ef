"use client";

import { XidName } from "@/components/xid/XidName";
import { useXidCatalogue } from "@/lib/xid/client";

export interface XidValueProps {
  /** DCGM_FI_DEV_XID_ERRORS now: the GPU's last XID (0: none); undefined when not reported. */
  value: number | undefined;
}

/** A GPU's last XID decoded by name, with what it means, the operator action and its runbook. */
export function XidValue({ value }: XidValueProps) {
  const catalogue = useXidCatalogue();
  if (value === undefined) return <dd>not reported</dd>;
  if (value === 0) return <dd>none</dd>;
  return (
    <dd className="value-bad" data-testid="gpu-xid">
      <XidName code={value} catalogue={catalogue} detail />
    </dd>
  );
}
