/** Headless Debian chromium through playwright-core (it never downloads a browser). */
import { chromium, type Browser } from "playwright-core";
import { BIN, CHROMIUM_ARGS } from "../support.ts";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: BIN.chromium, headless: true, args: CHROMIUM_ARGS });
}

/** Console errors worth failing on: everything except the favicon 404 the browser asks for. */
export function isRealConsoleError(text: string, url: string | undefined): boolean {
  return !(/favicon\.ico/.test(url ?? "") || /favicon/.test(text));
}
