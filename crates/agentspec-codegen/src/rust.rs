//! Turning typify's tokens into the items of the generated file: safe doc comments, unique
//! field names, the shared conversion error, and the `SCHEMA` / `from_answer` glue.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Fields, Ident, Item, LitStr};

use crate::naming::{pascal, Names};
use crate::normalize::CustomEnum;

/// The items generated for one root type.
pub(crate) struct RootItems {
    /// Every item, root first as typify ordered them, then the glue.
    pub items: Vec<Item>,
}

/// Post-processes typify's output for the root type `root`, validated with `schema_text`.
/// `origin` describes where the schema came from, for the root's doc comment.
pub(crate) fn root_items(
    tokens: TokenStream,
    root: &str,
    schema_text: &str,
    origin: &str,
    root_description: Option<&str>,
    custom_enums: &[CustomEnum],
) -> Result<RootItems, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("typify emitted invalid Rust: {e}"))?;
    let mut items = Vec::new();
    for item in file.items {
        match &item {
            Item::Mod(m) if m.ident == "error" => continue,
            Item::Mod(m) => {
                return Err(format!("typify emitted an unexpected module `{}`", m.ident))
            }
            _ => items.push(item),
        }
    }
    for custom in custom_enums {
        items.push(custom_enum(custom));
    }
    let mut fixer = Fixer;
    for item in &mut items {
        fixer.visit_item_mut(item);
    }
    unique_fields(&mut items);
    let root_ident = Ident::new(root, Span::call_site());
    let mut found_root = false;
    for item in &mut items {
        let (ident, attrs) = match item {
            Item::Struct(s) => (&s.ident, &mut s.attrs),
            Item::Enum(e) => (&e.ident, &mut e.attrs),
            Item::Type(t) => (&t.ident, &mut t.attrs),
            _ => continue,
        };
        if *ident == root_ident {
            found_root = true;
            attrs.retain(|a| !a.path().is_ident("doc"));
            let mut text = format!("The answer of {origin}.");
            if let Some(d) = root_description {
                text.push_str("\n\n");
                text.push_str(d);
            }
            let docs = doc_attrs(&text, true);
            attrs.splice(0..0, docs);
        }
    }
    if !found_root {
        return Err(format!("typify emitted no type named `{root}`"));
    }
    items.extend(glue(&root_ident, schema_text));
    check_unique_items(&items)?;
    Ok(RootItems { items })
}

/// The names of the types, aliases and other named items among `items`.
pub(crate) fn item_names(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            Item::Fn(f) => Some(f.sig.ident.to_string()),
            Item::Const(c) => Some(c.ident.to_string()),
            Item::Static(s) => Some(s.ident.to_string()),
            Item::Mod(m) => Some(m.ident.to_string()),
            Item::Trait(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn check_unique_items(items: &[Item]) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    for name in item_names(items) {
        if !seen.insert(name.clone()) {
            return Err(format!("two generated types are both called `{name}`"));
        }
    }
    Ok(())
}

/// `SCHEMA`, `from_answer` and the `TypedAnswer` impl of a root type.
fn glue(root: &Ident, schema_text: &str) -> Vec<Item> {
    let schema_lit = string_literal(schema_text);
    let tokens = quote! {
        impl #root {
            /// The `answer_format` this type was generated from, as JSON.
            pub const SCHEMA: &'static str = #schema_lit;

            /// Validates `answer` against the whole [`Self::SCHEMA`], then reads it as this type.
            ///
            /// A string holding a JSON object or array is decoded first (the API returns
            /// answers as `string | object`).
            pub fn from_answer(
                answer: &::serde_json::Value,
            ) -> ::std::result::Result<Self, ::agentspec_answer::AnswerError> {
                ::agentspec_answer::from_answer(Self::SCHEMA, answer)
            }
        }

        impl ::agentspec_answer::TypedAnswer for #root {
            const SCHEMA: &'static str = #root::SCHEMA;
        }
    };
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => file.items,
        Err(_) => Vec::new(),
    }
}

/// A string literal for `text`: a raw string when that is possible and readable, else an
/// escaped one.
fn string_literal(text: &str) -> TokenStream {
    let raw_ok = !text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || is_bidi(c));
    if raw_ok {
        let mut hashes = 1;
        while text.contains(&format!("\"{}", "#".repeat(hashes))) {
            hashes += 1;
        }
        let fence = "#".repeat(hashes);
        if let Ok(lit) = syn::parse_str::<LitStr>(&format!("r{fence}\"{text}\"{fence}")) {
            return quote!(#lit);
        }
    }
    let lit = LitStr::new(text, Span::call_site());
    quote!(#lit)
}

/// A hand-written string enum: variants named from their values, made unique, each renamed
/// to its exact value.
fn custom_enum(custom: &CustomEnum) -> Item {
    let name = Ident::new(&custom.name, Span::call_site());
    let mut names = Names::default();
    let variants = custom.values.iter().map(|value| {
        let mut base = pascal(value);
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) || base == "Self" {
            base = format!("V{base}");
        }
        let ident = format_ident!("{}", names.unique(&base));
        let wire = LitStr::new(value, Span::call_site());
        quote! { #[serde(rename = #wire)] #ident, }
    });
    let doc = match &custom.description {
        Some(d) => d.clone(),
        None => format!("`{}`", custom.name),
    };
    let docs = doc_attrs(&doc, false);
    let tokens = quote! {
        #(#docs)*
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
        }
    };
    syn::parse2(tokens).unwrap_or_else(|_| Item::Verbatim(TokenStream::new()))
}

/// Rewrites paths to typify's local `error` module and makes every doc comment safe.
struct Fixer;

impl VisitMut for Fixer {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() >= 2
            && segments.ends_with(&["error".to_owned(), "ConversionError".to_owned()])
        {
            *path = syn::parse_quote!(::agentspec_answer::ConversionError);
            return;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_struct_mut(&mut self, i: &mut syn::ItemStruct) {
        rewrite_docs(&mut i.attrs);
        visit_mut::visit_item_struct_mut(self, i);
    }

    fn visit_item_enum_mut(&mut self, i: &mut syn::ItemEnum) {
        rewrite_docs(&mut i.attrs);
        visit_mut::visit_item_enum_mut(self, i);
    }

    fn visit_field_mut(&mut self, i: &mut syn::Field) {
        rewrite_docs(&mut i.attrs);
        visit_mut::visit_field_mut(self, i);
    }

    fn visit_variant_mut(&mut self, i: &mut syn::Variant) {
        rewrite_docs(&mut i.attrs);
        visit_mut::visit_variant_mut(self, i);
    }

    fn visit_item_type_mut(&mut self, i: &mut syn::ItemType) {
        rewrite_docs(&mut i.attrs);
        visit_mut::visit_item_type_mut(self, i);
    }
}

/// Replaces the `#[doc]` attributes in `attrs` by safe ones carrying the same text.
fn rewrite_docs(attrs: &mut Vec<Attribute>) {
    let mut text = Vec::new();
    let mut first = None;
    let mut i = 0;
    while i < attrs.len() {
        if let Some(line) = doc_text(&attrs[i]) {
            first.get_or_insert(i);
            text.push(line);
            attrs.remove(i);
        } else {
            i += 1;
        }
    }
    let Some(first) = first else { return };
    let mut joined = text.join("\n");
    // `/// text` holds " text": drop that one conventional space when every line has it.
    if joined.lines().all(|l| l.is_empty() || l.starts_with(' ')) {
        joined = joined
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let docs = doc_attrs(&joined, false);
    attrs.splice(first..first, docs);
}

fn doc_text(attr: &Attribute) -> Option<String> {
    if !attr.path().is_ident("doc") {
        return None;
    }
    let syn::Meta::NameValue(nv) = &attr.meta else {
        return None;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    }) = &nv.value
    else {
        return None;
    };
    Some(s.value())
}

/// Bidirectional-override characters, which rustc rejects in comments and literals.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Doc attributes for `text`, one per line, that can neither run as a doctest nor break out
/// of the comment.
///
/// Text made only of plain prose (letters, digits, spaces and common punctuation, no line
/// starting with whitespace) is kept as it is; anything else is fenced as a ```` ```text ````
/// block whose fence is longer than any run of backticks inside it. With `keep_first_plain`,
/// the first paragraph is always taken as plain text (it is written by this crate).
pub(crate) fn doc_attrs(text: &str, keep_first_plain: bool) -> Vec<Attribute> {
    let cleaned: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !is_bidi(*c))
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let (head, body) = if keep_first_plain {
        match cleaned.split_once("\n\n") {
            Some((h, b)) => (Some(h.to_owned()), b.to_owned()),
            None => (Some(cleaned.clone()), String::new()),
        }
    } else {
        (None, cleaned)
    };
    let body = body.trim_matches('\n').trim_end();
    let mut lines: Vec<String> = Vec::new();
    if let Some(head) = head {
        lines.extend(head.lines().map(str::to_owned));
    }
    if !body.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        if is_plain(body) {
            lines.extend(body.lines().map(|l| l.trim_end().to_owned()));
        } else {
            let longest = longest_run(body, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            lines.push(format!("{fence}text"));
            lines.extend(body.lines().map(|l| l.trim_end().to_owned()));
            lines.push(fence);
        }
    }
    lines
        .iter()
        .map(|line| {
            let value = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            let lit = LitStr::new(&value, Span::call_site());
            syn::parse_quote!(#[doc = #lit])
        })
        .collect()
}

/// Whether `text` renders as plain paragraphs in Markdown, with no code block, HTML or link.
fn is_plain(text: &str) -> bool {
    const PUNCTUATION: &str = ".,;:!?'\"()-/%+=&#@$*_`";
    text.lines().all(|line| {
        !line.starts_with(char::is_whitespace)
            && !line.starts_with("```")
            && !line.starts_with("~~~")
            && line
                .chars()
                .all(|c| c == ' ' || c.is_alphanumeric() || PUNCTUATION.contains(c))
    })
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in text.chars() {
        if ch == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

/// Renames struct fields that share a name (`foo-bar` and `foo_bar` both become `foo_bar`):
/// the second becomes `foo_bar_2` and keeps its JSON name through `#[serde(rename)]`.
/// Struct expressions in the struct's impls are renamed in the same order.
fn unique_fields(items: &mut [Item]) {
    let mut renames: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        let mut names = Names::default();
        let mut order = Vec::new();
        for field in fields.named.iter_mut() {
            let Some(ident) = &field.ident else { continue };
            let old = ident.to_string();
            let new = if names.contains(&old) {
                let mut n = 2;
                while names.contains(&format!("{old}_{n}")) {
                    n += 1;
                }
                names.unique(&format!("{old}_{n}"))
            } else {
                names.unique(&old)
            };
            if new != old {
                if !field.attrs.iter().any(has_serde_rename) {
                    let wire = LitStr::new(&old, Span::call_site());
                    field
                        .attrs
                        .push(syn::parse_quote!(#[serde(rename = #wire)]));
                }
                field.ident = Some(Ident::new(&new, Span::call_site()));
            }
            order.push((old, new));
        }
        if order.iter().any(|(old, new)| old != new) {
            renames.insert(s.ident.to_string(), order);
        }
    }
    if renames.is_empty() {
        return;
    }
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = imp.self_ty.as_ref() else {
            continue;
        };
        let Some(last) = ty.path.segments.last() else {
            continue;
        };
        if let Some(order) = renames.get(&last.ident.to_string()) {
            let mut renamer = FieldRenamer {
                order: order.clone(),
            };
            renamer.visit_item_impl_mut(imp);
        }
    }
}

fn has_serde_rename(attr: &Attribute) -> bool {
    if !attr.path().is_ident("serde") {
        return false;
    }
    let mut found = false;
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("rename") {
            found = true;
        }
        if let Ok(value) = meta.value() {
            let _: syn::Expr = value.parse()?;
        }
        Ok(())
    });
    found
}

/// Renames fields in `Self { .. }` expressions by their order of appearance.
struct FieldRenamer {
    order: Vec<(String, String)>,
}

impl VisitMut for FieldRenamer {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for field in expr.fields.iter_mut() {
            let syn::Member::Named(ident) = &field.member else {
                continue;
            };
            let old = ident.to_string();
            let nth = seen.entry(old.clone()).or_default();
            let new = self
                .order
                .iter()
                .filter(|(o, _)| *o == old)
                .nth(*nth)
                .map(|(_, n)| n.clone());
            *nth += 1;
            if let Some(new) = new.filter(|n| *n != old) {
                field.member = syn::Member::Named(Ident::new(&new, Span::call_site()));
                field.colon_token.get_or_insert_with(Default::default);
            }
        }
        visit_mut::visit_expr_struct_mut(self, expr);
    }
}

/// Formats items as a file: one blank line between items.
pub(crate) fn render_items(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        let Ok(file) = syn::parse2::<syn::File>(quote!(#item)) else {
            continue;
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&prettyplease::unparse(&file));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(text: &str) -> String {
        let docs = doc_attrs(text, false);
        let item: Item = syn::parse_quote!(#(#docs)* pub struct S;);
        render_items(&[item])
    }

    #[test]
    fn plain_descriptions_stay_plain() {
        assert_eq!(
            rendered("The stories, best first."),
            "/// The stories, best first.\npub struct S;\n"
        );
    }

    #[test]
    fn code_is_fenced_as_text_with_a_longer_fence() {
        let out = rendered("Example:\n```rust\nfn main() {}\n```");
        assert!(
            out.starts_with("/// ````text\n/// Example:\n/// ```rust\n"),
            "{out}"
        );
        assert!(out.contains("/// ````\npub struct S;"), "{out}");
    }

    #[test]
    fn comment_terminators_and_newlines_can_not_escape() {
        let out = rendered("*/ fn evil() {} /*\r\n    indented\u{202E}");
        assert!(
            out.contains("/// ```text\n/// */ fn evil() {} /*\n///     indented\n/// ```\n"),
            "{out}"
        );
        let file: syn::File = syn::parse_str(&out).expect("still parses");
        assert_eq!(file.items.len(), 1);
    }
}
