// Colours for the screens. NO_COLOR (https://no-color.org) always wins; then the theme setting. NO_COLOR, CI
// and FORCE_COLOR=0 forbid colour, not inverse video or bold: where must be seen (the selected row, a search
// match) is still drawn; only a terminal that draws no attributes at all (TERM=dumb) gets text marks instead.
import chalk from "chalk";
import type { TextProps } from "ink";

export interface Theme {
  accent?: string;
  dim: boolean;
  link?: string;
  warn?: string;
  error?: string;
  /** The terminal draws no inverse, bold or underline: the selection and search matches are marked in text. */
  marks?: boolean;
}

/** Whether the terminal can draw inverse, bold and underline (everything but a dumb terminal). */
function drawsAttributes(env: NodeJS.ProcessEnv): boolean {
  return env["TERM"] !== "dumb";
}

export function makeTheme(
  setting: "auto" | "dark" | "light" | "mono" = "auto",
  env: NodeJS.ProcessEnv = process.env,
): Theme {
  const noColor = (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") || chalk.level === 0;
  if (!drawsAttributes(env)) return { dim: false, marks: true };
  // chalk (Ink's styles too) draws nothing at level 0: attributes need level 1; the theme then names no colour.
  if (chalk.level === 0) chalk.level = 1;
  if (noColor || setting === "mono") return { dim: true };
  if (setting === "light") return { accent: "blue", dim: true, link: "blue", warn: "magenta", error: "red" };
  return { accent: "cyan", dim: true, link: "cyan", warn: "yellow", error: "red" };
}

/** The styles of Ink's <Text> that the screens draw with. */
export type Style = Pick<TextProps, "bold" | "color" | "dimColor" | "inverse" | "underline">;

/**
 * Text in a style, with the escape codes Ink's <Text> would give it (the same chalk calls, in the same order), so
 * a whole viewport or list can be one string. Theme colours are chalk's colour names (above).
 */
export function styled(text: string, style: Style): string {
  let out = text;
  if (style.dimColor) out = chalk.dim(out);
  if (style.color)
    out = (chalk as unknown as Record<string, (s: string) => string>)[style.color]?.(out) ?? out;
  if (style.bold) out = chalk.bold(out);
  if (style.underline) out = chalk.underline(out);
  if (style.inverse) out = chalk.inverse(out);
  return out;
}
