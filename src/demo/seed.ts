export async function seedDemoIfEmpty(): Promise<string[]> { return []; }
