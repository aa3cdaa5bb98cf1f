import { describe, expect, it } from "vitest";
import {
  describeCodeProblem,
  formatVerificationCode,
  generateVerificationCode,
  normalizeVerificationCode,
  VERIFICATION_CODE_LENGTH,
} from "~/codecs/verification-code.server";

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{16}$/;

describe("a new verification code", () => {
  it("is 16 characters of Crockford's base32, and reads back as itself", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateVerificationCode();
      expect(code).toMatch(CROCKFORD);
      expect(normalizeVerificationCode(code)).toBe(code);
    }
  });

  it("carries 80 random bits: codes differ, and every character of the alphabet turns up in every position", () => {
    const codes = Array.from({ length: 2000 }, () => generateVerificationCode());
    expect(new Set(codes).size).toBe(codes.length);
    for (let position = 0; position < VERIFICATION_CODE_LENGTH; position++) {
      // 2000 draws of 32 characters: a character missing from a position is a bug, not bad luck (p < 1e-25).
      expect(new Set(codes.map((code) => code[position])).size, `position ${position}`).toBe(32);
    }
  });
});

describe("reading a code someone typed", () => {
  it.each([
    ["7K3M-Q9TX-2HCR-VW8P", "7K3MQ9TX2HCRVW8P"],
    ["7k3m q9tx 2hcr vw8p", "7K3MQ9TX2HCRVW8P"],
    ["7K3M.Q9TX.2HCR.VW8P", "7K3MQ9TX2HCRVW8P"],
    ["7K3M–Q9TX—2HCR-VW8P", "7K3MQ9TX2HCRVW8P"],
    ["\t7K3M\nQ9TX  2HCR VW8P ", "7K3MQ9TX2HCRVW8P"],
    // The letters people mix up with digits are read as the digits.
    ["OOOO-IIII-LLLL-oil0", "0000111111110110"],
  ])("reads %j as %j", (typed, stored) => {
    expect(normalizeVerificationCode(typed)).toBe(stored);
  });

  it.each([
    ["one character short", "7K3M-Q9TX-2HCR-VW8"],
    ["one character long", "7K3M-Q9TX-2HCR-VW8PX"],
    ["a U, which the alphabet leaves out", "7K3M-Q9TX-2HCR-VW8U"],
    ["a character outside the alphabet", "7K3M-Q9TX-2HCR-VW8!"],
    ["nothing", ""],
    ["a long paste, even one that shrinks to 16 characters", `${"-".repeat(60)}7K3MQ9TX2HCRVW8P`],
  ])("refuses %s", (_, typed) => {
    expect(normalizeVerificationCode(typed)).toBeNull();
  });

  it("accepts up to 64 characters typed, spaces and dashes included", () => {
    const padded = `${" ".repeat(48)}7K3MQ9TX2HCRVW8P`;
    expect(padded).toHaveLength(64);
    expect(normalizeVerificationCode(padded)).toBe("7K3MQ9TX2HCRVW8P");
  });
});

describe("a code as people read it", () => {
  it("is four groups of four", () => {
    expect(formatVerificationCode("7K3MQ9TX2HCRVW8P")).toBe("7K3M-Q9TX-2HCR-VW8P");
  });
});

describe("what is wrong with a typed code", () => {
  it("asks for a code when nothing was typed", () => {
    expect(describeCodeProblem("  - ")).toBe("Enter the verification code from the certificate.");
  });

  it("names the characters a code cannot have, each once and at most five, but not the look-alikes it reads as digits", () => {
    expect(describeCodeProblem("7K3M-Q9TX-2HCR-VW8U")).toBe(
      "A verification code has only digits and the letters A to Z (without U). Check these characters: U.",
    );
    expect(describeCodeProblem("!!@@#$%^&*")).toMatch(/Check these characters: ! @ # \$ %\.$/);
    expect(describeCodeProblem("OIL-u")).toMatch(/Check these characters: U\.$/);
  });

  it("says how many characters were typed when the length is wrong", () => {
    expect(describeCodeProblem("7K3M-Q9TX-2HC")).toBe("A verification code has 16 letters and digits, in four groups of four. You entered 11.");
    expect(describeCodeProblem("7k3m.q9tx 2hcr–vw8p—x")).toMatch(/You entered 17\.$/);
  });
});
