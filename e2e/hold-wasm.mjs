// Holds the widget's wasm back: every request for it waits until `release()`. What a page shows
// and does before the wasm is here (the loader's Call button, a click replayed later) is tested
// with it. `requested()` says whether the page has asked for the wasm yet.
export async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  let requested = false;
  await page.route('**/*_bg.wasm', async (route) => {
    requested = true;
    await held;
    await route.continue();
  });
  return { release, requested: () => requested };
}
