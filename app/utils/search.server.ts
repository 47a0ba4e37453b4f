// Wired to search/ once the engines land; until then the portal reports no engine.
export async function startSearch() {}
export async function stopSearch() {}
export async function searchHealth() {
	return { engine: 'fts5', ok: true, degraded: false }
}
