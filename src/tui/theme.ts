// Colours for the screens. NO_COLOR (https://no-color.org) always wins; then the theme setting.
export interface Theme {
  accent?: string;
  dim: boolean;
  link?: string;
  warn?: string;
  error?: string;
}

export function makeTheme(setting: "auto" | "dark" | "light" | "mono" = "auto"): Theme {
  const noColor = process.env["NO_COLOR"] !== undefined && process.env["NO_COLOR"] !== "";
  if (noColor || setting === "mono") return { dim: true };
  if (setting === "light") return { accent: "blue", dim: true, link: "blue", warn: "magenta", error: "red" };
  return { accent: "cyan", dim: true, link: "cyan", warn: "yellow", error: "red" };
}
