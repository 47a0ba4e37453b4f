// Unknown API paths answer in JSON, not with the HTML 404 page.
export function loader() {
	return Response.json({ error: 'Not found.' }, { status: 404 })
}
export const action = loader
