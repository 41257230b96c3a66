// Reference codes a patron can read out on the phone: no 0/O, 1/I/L or U, grouped in fours.
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newReference(): string {
  const pick = () => ALPHABET[randomInt(ALPHABET.length)];
  const group = () => Array.from({ length: 4 }, pick).join("");
  return `DS-${group()}-${group()}`;
}
