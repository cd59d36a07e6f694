// The structure of a page that a replay must reproduce, as one string: elements of <body> (tag,
// id, classes, the value or checked state of form fields) and their non-blank text, in document
// order. Left out: what a player adds or rewrites and a viewer cannot see (script, style, link
// and meta elements, rrweb's own rr-* classes and attributes, inline styles).
// Loaded as a page script (window.domStructure) and by Node (module.exports).
(function (root) {
  function domStructure(doc) {
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
      let line = depth + '<' + tag;
      if (node.id) line += '#' + node.id;
      const classes = Array.from(node.classList).filter((c) => !c.startsWith('rr-') && !c.startsWith(':')).sort();
      if (classes.length) line += '.' + classes.join('.');
      if (tag === 'input' || tag === 'textarea' || tag === 'select') {
        line += (node.type === 'checkbox' || node.type === 'radio') ? ' checked=' + node.checked : ' value=' + node.value;
      }
      parts.push(line);
      for (const child of node.childNodes) walk(child, depth + 1);
    })(doc.body, 0);
    return parts.join('\n');
  }
  if (typeof module !== 'undefined') module.exports = { domStructure };
  else root.domStructure = domStructure;
})(typeof window !== 'undefined' ? window : globalThis);
