import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireViewer } from '~/utils/permissions.server'
import { listRegions } from '~/models/regions.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
	const viewer = requireViewer(context, request)
	const regions = await listRegions()
	return { name: viewer.name, myRegions: regions.filter((r) => viewer.regions.includes(r.slug)).map((r) => r.name) }
}

export default function Home() {
	const { name, myRegions } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Welcome, {name}</h1>
			<p className="lead">Find precedents, talk to your regional network, and keep track of meetings and operations.</p>
			{myRegions.length ? <p className="muted">Your regions: {myRegions.join(', ')}</p> : null}
			<div className="grid">
				<section className="panel">
					<h2>Case law</h2>
					<p>Court decisions on firearms trafficking, searchable in English and Chinese.</p>
					<Link to="/cases">Search the case law</Link>
				</section>
				<section className="panel">
					<h2>Forums</h2>
					<p>Discussions with practitioners of your region and across regions.</p>
					<Link to="/forums">Open the forums</Link>
				</section>
				<section className="panel">
					<h2>Events</h2>
					<p>Working Group meetings, regional workshops and operations.</p>
					<Link to="/events">See the events</Link>
				</section>
				<section className="panel">
					<h2>Guidance</h2>
					<p>Guidance notes and the Working Group's recommendations.</p>
					<Link to="/guidance">Read the guidance</Link>
				</section>
			</div>
		</>
	)
}
