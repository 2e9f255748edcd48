// Preloaded (`node --import`) into the reader by the crash test: SIGUSR2 makes an uncaught exception, so the
// test can prove what the reader does on any uncaught error without a way to crash it from the keyboard.
process.on("SIGUSR2", () => {
  process.nextTick(() => {
    throw new Error("injected crash for the test");
  });
});
