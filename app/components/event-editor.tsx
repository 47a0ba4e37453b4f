import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'

/** The staff editor: the event as its content file (YAML front matter + Markdown), checked on save. */
export function EventEditor() {
	const { source, heading, back } = useLoaderData<{ source: string; heading: string; back: string }>()
	const actionData = useActionData<{ source: string; problems: Array<{ field: string; message: string }> }>()
	return (
		<>
			<p>
				<Link to={back}>Back</Link>
			</p>
			<h1>{heading}</h1>
			<Form method="post" className="panel">
				{actionData?.problems.length ? (
					<div className="form-error" role="alert">
						<p>The event was not saved:</p>
						<ul>
							{actionData.problems.map((p, i) => (
								<li key={i}>
									<strong>{p.field}</strong>: {p.message}
								</li>
							))}
						</ul>
					</div>
				) : null}
				<div className="field">
					<label htmlFor="event-source">Event (YAML front matter, then the description in Markdown)</label>
					<p className="hint" id="event-source-hint">
						Times are local to <code>timezone</code> (an IANA name such as Europe/Vienna): <code>"2027-03-26T10:00"</code>, or dates such as <code>2027-03-26</code> for all-day events. Types: working-group-meeting, conference-of-parties, regional-meeting, workshop, training,
						webinar, cross-border-operation. Visibility: members, regions (with <code>regions</code>) or invite-only (with <code>invitees</code>, account emails). Registration mode: none, open or approval, with optional <code>capacity</code> and <code>deadline</code>.
					</p>
					<textarea id="event-source" name="source" rows={32} defaultValue={actionData?.source ?? source} aria-describedby="event-source-hint" spellCheck={false} className="code" />
				</div>
				<button type="submit">Save event</button>
			</Form>
		</>
	)
}
