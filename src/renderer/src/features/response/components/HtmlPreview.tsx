import { useMemo } from 'react';
import '../body/body.css';

const DOCTYPE = /^\s*<!doctype[^>]*>/i;

/**
 * Makes links in the page target a new window, which the sandbox forbids, so clicking one does nothing.
 * Otherwise the frame would try to navigate, the app's CSP would refuse, and the preview would turn
 * into the browser's error page. The tag goes after the doctype: anything before it means quirks mode.
 */
function withInertLinks(html: string): string {
  const base = '<base target="_blank">';
  const doctype = DOCTYPE.exec(html);
  return doctype ? doctype[0] + base + html.slice(doctype[0].length) : base + html;
}

/**
 * An HTML body (typically an error page) rendered as a page. The empty sandbox gives the frame an opaque
 * origin with no scripts, forms, popups or navigation; the frame also inherits the app's CSP, so it loads
 * nothing from the network and its inline styles do not apply.
 */
export function HtmlPreview({ html }: { html: string }) {
  const srcDoc = useMemo(() => withInertLinks(html), [html]);
  return (
    <figure className="html-preview">
      <iframe
        className="html-preview-frame"
        sandbox=""
        srcDoc={srcDoc}
        title="HTML preview"
        referrerPolicy="no-referrer"
      />
      <figcaption className="note">
        Preview without the page&apos;s scripts, styles, forms, links or remote images.
      </figcaption>
    </figure>
  );
}
