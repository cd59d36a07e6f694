// The structure of a page that a replay must reproduce, as one string: elements of <body> (tag,
// id, classes, the value or checked state of form fields) and their non-blank text, in document
// order. Left out: what a player adds or rewrites and a viewer cannot see (script, style, link
// and meta elements, rrweb's own rr-* classes and attributes, inline styles).
// Loaded as a page script (window.domStructure) and by Node (module.exports).
//
// Options, for recorders that hide things by design (posthog-js): maskValues writes every
// non-empty form value as "*" (a recorder masks inputs, the page has the real ones); blockClass
// names the class of elements whose content a recorder leaves out (rrweb keeps such an element's
// tag and classes, not its id or children), written as "<tag.classes [blocked]".
(function (root) {
  function domStructure(doc, options) {
    const maskValues = !!(options && options.maskValues);
    const blockClass = options && options.blockClass;
    const parts = [];
    (function walk(node, depth) {
      if (node.nodeType === 3) {
        const text = node.textContent.replace(/\s+/g, ' ').trim();
        if (text) parts.push(depth + '#' + text);
        return;
      }
      if (node.nodeType !== 1) return;
      const tag = node.tagName.toLowerCase();
      if (['script', 'noscript', 'style', 'link', 'meta', 'template'].includes(tag)) return;
      const blocked = blockClass && node.classList.contains(blockClass);
      let line = depth + '<' + tag;
      if (node.id && !blocked) line += '#' + node.id;
      const classes = Array.from(node.classList).filter((c) => !c.startsWith('rr-') && !c.startsWith(':')).sort();
      if (classes.length) line += '.' + classes.join('.');
      if (blocked) {
        parts.push(line + ' [blocked]');
        return;
      }
      if (tag === 'input' || tag === 'textarea' || tag === 'select') {
        const value = maskValues ? (node.value ? '*' : '') : node.value;
        line += (node.type === 'checkbox' || node.type === 'radio') ? ' checked=' + node.checked : ' value=' + value;
      }
      parts.push(line);
      for (const child of node.childNodes) walk(child, depth + 1);
    })(doc.body, 0);
    return parts.join('\n');
  }
  if (typeof module !== 'undefined') module.exports = { domStructure };
  else root.domStructure = domStructure;
})(typeof window !== 'undefined' ? window : globalThis);
