import { describe, expect, it } from "vitest";
import { redactor } from "./redact";

// amtool 0.25's verdict on a Slack receiver whose api_url has a bad escape (captured from `amtool check-config`).
const AMTOOL = `parse "https://hooks.slack.com/services/T000/B000/s3cr%zzet": invalid URL escape "%zz"`;

describe("redactor", () => {
  it("removes a secret and the quoted fragment of it amtool names", () => {
    const redact = redactor(["https://hooks.slack.com/services/T000/B000/s3cr%zzet"]);
    expect(redact(AMTOOL)).toBe(`parse "<secret>": invalid URL escape "<secret>"`);
  });

  it("removes JSON- and URL-escaped forms, and leaves other text alone", () => {
    const redact = redactor(['pa"ss/wörd']);
    expect(redact('{"password":"pa\\"ss/wörd"} and pa%22ss%2Fw%C3%B6rd')).toBe('{"password":"<secret>"} and <secret>');
    expect(redact(`field "routing_key" is required`)).toBe(`field "routing_key" is required`);
  });

  it("keeps short quoted words that merely occur in a secret", () => {
    const redact = redactor(["abcdefghij"]);
    expect(redact(`got "ab" want "cde"`)).toBe(`got "ab" want "<secret>"`);
  });
});
