// Rich-text inputs (core.widgets.RichTextWidget): each textarea of HTML becomes an editor
// (ProseMirror through Tiptap, from the django-prose-editor package's static files, loaded
// only on pages that have such an input). The toolbar and the dialogs come from the server,
// translated; this module only wires them. No inline script or style is needed, so a strict
// Content-Security-Policy holds. If anything fails, the textarea stays and takes HTML.
//
// The editor offers what the server keeps (core.html.sanitize_html): paragraphs, headings 2
// to 4, bold, italic, lists, links, quotes and images from the toolbar; underline,
// strikethrough, code, rules and tables are understood too, so that editing a text written
// before the editor never drops them.

const ROOT = "[data-rich-text-root]";
let library = null;

function loadLibrary(url) {
  library = library || import(url);
  return library;
}

// The editor is named by what names the textarea: the legend of its group of translations
// (the field) and its own labels (the language), so a screen reader announces "Text, English".
function labelIds(textarea) {
  const names = [];
  const group = textarea.closest(".translated-inputs");
  const legend = group && group.closest("fieldset")?.querySelector(":scope > legend");
  if (legend) names.push(legend);
  names.push(...textarea.labels);
  return names
    .map((element, index) => {
      if (!element.id) element.id = `${textarea.id}_name${index}`;
      return element.id;
    })
    .join(" ");
}

// The addresses the server keeps (core.html.sanitize_html): web, email, or this site's paths.
function isLinkAddress(address) {
  if (address.startsWith("/") && !address.startsWith("//")) return true;
  return /^(https?:\/\/|mailto:)\S+$/i.test(address);
}

// Images come from this site only: the Content-Security-Policy shows no other, and a picture
// from elsewhere would tell that site who reads the page. Its own full address becomes a path.
function imagePath(address) {
  if (address.startsWith("/") && !address.startsWith("//")) return address;
  try {
    const url = new URL(address);
    if (url.origin === window.location.origin) return url.pathname + url.search;
  } catch {
    // Not an address at all.
  }
  return null;
}

function normaliseAddress(address) {
  const value = address.trim();
  // "www.example.org" means the web page, as people type it.
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(value)) return `https://${value}`;
  return value;
}

const TOGGLES = {
  bold: { run: (chain) => chain.toggleBold(), active: (editor) => editor.isActive("bold") },
  italic: { run: (chain) => chain.toggleItalic(), active: (editor) => editor.isActive("italic") },
  heading2: {
    run: (chain) => chain.toggleHeading({ level: 2 }),
    active: (editor) => editor.isActive("heading", { level: 2 }),
  },
  heading3: {
    run: (chain) => chain.toggleHeading({ level: 3 }),
    active: (editor) => editor.isActive("heading", { level: 3 }),
  },
  bulletList: {
    run: (chain) => chain.toggleBulletList(),
    active: (editor) => editor.isActive("bulletList"),
  },
  orderedList: {
    run: (chain) => chain.toggleOrderedList(),
    active: (editor) => editor.isActive("orderedList"),
  },
  blockquote: {
    run: (chain) => chain.toggleBlockquote(),
    active: (editor) => editor.isActive("blockquote"),
  },
  undo: { run: (chain) => chain.undo() },
  redo: { run: (chain) => chain.redo() },
};

function extensions(lib) {
  return [
    lib.Document,
    lib.Paragraph,
    lib.Text,
    lib.HardBreak,
    lib.Bold,
    lib.Italic,
    lib.Underline,
    lib.Strike,
    lib.Code,
    lib.CodeBlock,
    lib.Heading.configure({ levels: [2, 3, 4] }),
    lib.BulletList,
    lib.OrderedList,
    lib.ListItem,
    lib.Blockquote,
    lib.HorizontalRule,
    // The server adds rel="noopener noreferrer nofollow" itself and drops target.
    lib.Link.configure({ openOnClick: false, HTMLAttributes: { target: null, rel: null } }),
    lib.Image,
    lib.Table,
    lib.TableRow,
    lib.TableHeader,
    lib.TableCell,
    lib.UndoRedo,
    lib.Dropcursor,
    lib.Gapcursor,
  ];
}

// A toolbar is one stop of the Tab key; the arrow keys, Home and End move within it
// (the WAI-ARIA toolbar pattern).
function rovingFocus(toolbar) {
  const buttons = [...toolbar.querySelectorAll("button")];
  buttons.forEach((button, index) => {
    button.tabIndex = index === 0 ? 0 : -1;
  });
  toolbar.addEventListener("focusin", (event) => {
    if (!buttons.includes(event.target)) return;
    for (const button of buttons) button.tabIndex = button === event.target ? 0 : -1;
  });
  toolbar.addEventListener("keydown", (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: buttons.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    buttons[(moves[event.key] + buttons.length) % buttons.length].focus();
  });
}

function showError(dialog, field, invalid) {
  const input = dialog.querySelector(`[data-field="${field}"]`);
  const error = document.getElementById(`${input.id}_error`);
  error.textContent = invalid ? error.dataset.error : "";
  input.toggleAttribute("aria-invalid", invalid);
  if (invalid) input.focus();
  return invalid;
}

function openDialog(dialog, values, apply) {
  for (const [field, value] of Object.entries(values)) {
    dialog.querySelector(`[data-field="${field}"]`).value = value || "";
  }
  for (const error of dialog.querySelectorAll("[data-error]")) error.textContent = "";
  for (const input of dialog.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
  dialog.onapply = apply;
  dialog.showModal();
}

function wireDialog(dialog, editor) {
  const form = dialog.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const input of dialog.querySelectorAll("[data-field]")) {
      values[input.dataset.field] = input.value.trim();
    }
    if (dialog.onapply(values) !== false) dialog.close();
  });
  dialog.querySelector('[data-action="cancel"]').addEventListener("click", () => dialog.close());
  const remove = dialog.querySelector('[data-action="remove"]');
  if (remove) {
    remove.addEventListener("click", () => {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      dialog.close();
    });
  }
  // Closed by a button or the Escape key, the focus goes back to where the text was.
  dialog.addEventListener("close", () => editor.commands.focus());
}

function applyLink(editor, dialog, { href }) {
  if (!href) {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    return true;
  }
  const address = normaliseAddress(href);
  if (showError(dialog, "href", !isLinkAddress(address))) return false;
  const chain = editor.chain().focus().extendMarkRange("link");
  if (editor.state.selection.empty && !editor.isActive("link")) {
    chain.insertContent({ type: "text", text: address, marks: [{ type: "link", attrs: { href: address } }] });
  } else {
    chain.setLink({ href: address });
  }
  chain.run();
  return true;
}

function applyImage(editor, dialog, { src, alt }) {
  const path = imagePath(src);
  const badAddress = showError(dialog, "src", !path);
  const noText = showError(dialog, "alt", !badAddress && !alt);
  if (badAddress || noText) return false;
  editor.chain().focus().setImage({ src: path, alt }).run();
  return true;
}

async function setUp(root) {
  if (root.dataset.richTextReady !== undefined) return;
  root.dataset.richTextReady = "loading";
  const textarea = root.querySelector("textarea[data-rich-text]");
  const toolbar = root.querySelector("[data-rich-text-toolbar]");
  const hint = root.querySelector("[data-rich-text-hint]");
  let lib;
  try {
    lib = await loadLibrary(root.dataset.editorModule);
  } catch (error) {
    console.error("The rich-text editor could not be loaded; the HTML textarea stays.", error);
    return;
  }
  const describedBy = (textarea.getAttribute("aria-describedby") || "")
    .split(/\s+/)
    .filter((id) => id && id !== hint.id)
    .join(" ");
  const attributes = {
    id: `${textarea.id}_editor`,
    class: "rich-text-area",
    role: "textbox",
    "aria-multiline": "true",
    "aria-labelledby": labelIds(textarea),
    lang: textarea.lang || document.documentElement.lang,
  };
  // A read-only form (a collaborator's) shows the text formatted, without the toolbar.
  const editable = !textarea.disabled && !textarea.readOnly;
  if (!editable) attributes["aria-readonly"] = "true";
  if (describedBy) attributes["aria-describedby"] = describedBy;
  if (textarea.getAttribute("aria-invalid") === "true") attributes["aria-invalid"] = "true";

  const mount = document.createElement("div");
  mount.className = "rich-text-editor";
  textarea.before(mount);
  const buttons = [...toolbar.querySelectorAll("button[data-command]")];
  const update = (editor) => {
    for (const button of buttons) {
      const active = TOGGLES[button.dataset.command]?.active;
      if (active) button.setAttribute("aria-pressed", String(Boolean(active(editor))));
    }
  };
  let editor;
  try {
    editor = new lib.Editor({
      element: mount,
      // Tiptap would add a <style> element, which a strict Content-Security-Policy refuses;
      // the same rules are in rich-text.css.
      injectCSS: false,
      editable,
      extensions: extensions(lib),
      content: textarea.value,
      editorProps: { attributes },
      onUpdate: ({ editor: current }) => {
        textarea.value = current.isEmpty ? "" : current.getHTML();
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      },
      onTransaction: ({ editor: current }) => update(current),
    });
  } catch (error) {
    mount.remove();
    console.error("The rich-text editor could not start; the HTML textarea stays.", error);
    return;
  }

  const dialogs = {};
  const template = root.querySelector("template[data-rich-text-dialogs]");
  for (const dialog of template.content.querySelectorAll("dialog")) {
    const copy = dialog.cloneNode(true);
    document.body.append(copy);
    wireDialog(copy, editor);
    dialogs[copy.dataset.dialog] = copy;
  }

  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (!button) return;
    const command = button.dataset.command;
    if (command === "link") {
      const dialog = dialogs.link;
      openDialog(dialog, { href: editor.getAttributes("link").href }, (values) =>
        applyLink(editor, dialog, values),
      );
    } else if (command === "image") {
      const dialog = dialogs.image;
      const current = editor.isActive("image") ? editor.getAttributes("image") : {};
      openDialog(dialog, { src: current.src, alt: current.alt }, (values) =>
        applyImage(editor, dialog, values),
      );
    } else {
      TOGGLES[command].run(editor.chain().focus()).run();
    }
  });
  rovingFocus(toolbar);
  toolbar.setAttribute("aria-controls", attributes.id);
  toolbar.hidden = !editable;
  hint.hidden = true;
  textarea.hidden = true;
  textarea.removeAttribute("required");
  update(editor);
  root.classList.add("rich-text-ready");
  root.dataset.richTextReady = "ready";
}

function setUpAll(container) {
  const roots = container.matches?.(ROOT) ? [container] : container.querySelectorAll(ROOT);
  for (const root of roots) setUp(root);
}

setUpAll(document);
// Forms that htmx brings into the page get their editors too.
document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
