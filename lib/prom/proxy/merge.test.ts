import { describe, expect, it } from "vitest";
import { mergeData } from "./merge";

const m = (labels: Record<string, string>, values: [number, string][]) => ({ metric: labels, values });

describe("HA merge", () => {
  it("drops the replica label and fills one replica's gaps from the other", () => {
    const a = { data: { resultType: "matrix", result: [m({ __name__: "up", job: "dcgm", replica: "a" }, [[0, "1"], [30, "1"]])] } };
    const b = { data: { resultType: "matrix", result: [m({ __name__: "up", job: "dcgm", replica: "b" }, [[0, "9"], [15, "1"], [45, "1"]])] } };
    expect(mergeData("query_range", [a, b], { replicaLabel: "replica" })).toEqual({
      resultType: "matrix",
      result: [m({ __name__: "up", job: "dcgm" }, [[0, "1"], [15, "1"], [30, "1"], [45, "1"]])],
    });
  });

  it("keeps one sample per series of an instant vector", () => {
    const a = { data: { resultType: "vector", result: [{ metric: { x: "1", replica: "a" }, value: [5, "2"] }] } };
    const b = { data: { resultType: "vector", result: [{ metric: { x: "1", replica: "b" }, value: [5, "3"] }, { metric: { x: "2", replica: "b" }, value: [5, "4"] }] } };
    expect(mergeData("query", [a, b], { replicaLabel: "replica" })).toEqual({
      resultType: "vector",
      result: [{ metric: { x: "1" }, value: [5, "2"] }, { metric: { x: "2" }, value: [5, "4"] }],
    });
  });

  it("unions series and label names, without the replica label", () => {
    expect(mergeData("series", [{ data: [{ a: "1", replica: "a" }] }, { data: [{ a: "1", replica: "b" }, { a: "2", replica: "b" }] }], { replicaLabel: "replica" })).toEqual([{ a: "1" }, { a: "2" }]);
    expect(mergeData("labels", [{ data: ["a", "replica"] }, { data: ["b", "replica"] }], { replicaLabel: "replica" })).toEqual(["a", "b"]);
  });
});

describe("fan-out merge", () => {
  it("adds each member's cluster label and unions the results", () => {
    const east = { cluster: "us-east", data: { resultType: "vector", result: [{ metric: { __name__: "up" }, value: [1, "1"] }] } };
    const west = { cluster: "eu-west", data: { resultType: "vector", result: [{ metric: { __name__: "up" }, value: [1, "0"] }] } };
    expect(mergeData("query", [east, west], { clusterLabel: "cluster" })).toEqual({
      resultType: "vector",
      result: [
        { metric: { __name__: "up", cluster: "us-east" }, value: [1, "1"] },
        { metric: { __name__: "up", cluster: "eu-west" }, value: [1, "0"] },
      ],
    });
  });

  it("lists the cluster label and its values", () => {
    const parts = [{ cluster: "a", data: ["job"] }, { cluster: "b", data: ["gpu"] }];
    expect(mergeData("labels", parts, { clusterLabel: "cluster" })).toEqual(["cluster", "gpu", "job"]);
    expect(mergeData("label/cluster/values", [{ cluster: "a", data: [] }, { cluster: "b", data: [] }], { clusterLabel: "cluster" })).toEqual(["a", "b"]);
  });

  it("labels alerts with their member's cluster", () => {
    const parts = [{ cluster: "a", data: { alerts: [{ labels: { alertname: "X" }, state: "firing" }] } }];
    expect(mergeData("alerts", parts, { clusterLabel: "cluster" })).toEqual({ alerts: [{ labels: { alertname: "X", cluster: "a" }, state: "firing" }] });
  });
});

describe("single answer", () => {
  it("passes through untouched", () => {
    const data = { resultType: "scalar", result: [1, "2"] };
    expect(mergeData("query", [{ data }])).toBe(data);
  });
});
