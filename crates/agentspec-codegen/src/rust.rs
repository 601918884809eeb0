//! Turning typify's tokens into the items of the generated file: safe doc comments (and one
//! naming its schema on every type without a description), unique field names, defaults, the
//! derives and attributes asked for, the shared conversion error, and the `SCHEMA` /
//! `from_answer` glue.

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
    /// What could not be done as the schema asks (a `default` no Rust value expresses).
    pub notes: Vec<crate::Note>,
}

/// What the items of a root get besides typify's output.
#[derive(Clone, Copy)]
pub(crate) struct Extras<'a> {
    /// String enums written by hand.
    pub custom_enums: &'a [CustomEnum],
    /// Derives and attributes the caller asked for on every type.
    pub additions: &'a crate::ParsedAdditions,
    /// The property names of every `properties` of the schema, in schema order.
    pub property_orders: &'a [Vec<String>],
    /// The schema pointer each named type comes from, by type name.
    pub type_pointers: &'a BTreeMap<String, String>,
    /// The `default` of optional properties, by object pointer and property name.
    pub defaults: &'a BTreeMap<(String, String), serde_json::Value>,
    /// The branches of each choice, by pointer: their pointers and property names.
    pub choices: &'a BTreeMap<String, Vec<(String, BTreeSet<String>)>>,
}

/// Post-processes typify's output for the root type `root`, validated with `schema_text`.
/// `origin` describes where the schema came from, for the root's doc comment.
pub(crate) fn root_items(
    tokens: TokenStream,
    root: &str,
    schema_text: &str,
    origin: &str,
    root_description: Option<&str>,
    extras: &Extras<'_>,
) -> Result<RootItems, String> {
    let Extras {
        custom_enums,
        additions,
        property_orders,
        type_pointers,
        defaults,
        choices,
    } = *extras;
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
        items.extend(custom_enum(custom));
    }
    let mut fixer = Fixer;
    for item in &mut items {
        fixer.visit_item_mut(item);
    }
    unique_fields(&mut items);
    keep_empty_apart_from_absent(&mut items);
    let notes = apply_defaults(&mut items, type_pointers, defaults, choices, custom_enums);
    order_fields(&mut items, property_orders);
    drop_unreachable(&mut items, root);
    derive_comparisons(&mut items, additions);
    document_types(&mut items, type_pointers, root);
    document_members(&mut items);
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
    Ok(RootItems { items, notes })
}

/// Replaces the name typify writes as the doc of a type without a description by a line
/// naming the schema the type comes from (`#/properties/author`, within `SCHEMA`).
fn document_types(items: &mut [Item], type_pointers: &BTreeMap<String, String>, root: &str) {
    for item in items.iter_mut() {
        let (ident, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &mut s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &mut e.attrs),
            Item::Type(t) => (t.ident.to_string(), &mut t.attrs),
            _ => continue,
        };
        let docs: Vec<String> = attrs.iter().filter_map(doc_text).collect();
        let text = docs.join("\n");
        let text = text.trim();
        let placeholder = text.is_empty() || text == ident || text == format!("`{ident}`");
        if !placeholder || ident == root {
            continue;
        }
        let line = match type_pointers.get(&ident) {
            Some(pointer) => format!(
                "Generated from the schema at `#{}` in `{root}::SCHEMA`.",
                doc_code(pointer)
            ),
            None => format!("A part of the `{root}` answer."),
        };
        attrs.retain(|a| !a.path().is_ident("doc"));
        attrs.splice(0..0, doc_attrs(&line, true));
    }
}

/// Turns each optional property with a `default` into a plain field filled with that value
/// when the key is absent (`#[serde(default = "…")]` and a function returning it), and gives
/// `Default` to the structs whose every field then has a default. A default that no Rust
/// value of the field's type expresses leaves the field optional, with a note.
///
/// Two rounds: the first writes the defaults of booleans, numbers, strings, enums, lists and
/// maps; the second those whose value is a struct of this schema, written as a struct literal
/// once that struct's own fields are settled.
fn apply_defaults(
    items: &mut Vec<Item>,
    type_pointers: &BTreeMap<String, String>,
    defaults: &BTreeMap<(String, String), serde_json::Value>,
    choices: &BTreeMap<String, Vec<(String, BTreeSet<String>)>>,
    custom_enums: &[CustomEnum],
) -> Vec<crate::Note> {
    let mut notes = Vec::new();
    // The functions' names never meet another item's.
    let mut names = Names::default();
    for name in item_names(items) {
        names.reserve(&name);
    }
    let mut added: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for last_round in [false, true] {
        let structs = last_round.then(|| local_structs(items, type_pointers));
        let known = Known {
            custom_enums,
            structs: structs.as_ref(),
            defaults,
        };
        for item in items.iter_mut() {
            match item {
                Item::Struct(s) => {
                    let Some(pointer) = type_pointers.get(&s.ident.to_string()) else {
                        continue;
                    };
                    let mut round = Round {
                        pointer,
                        names: &mut names,
                        added: added.entry(s.ident.to_string()).or_default(),
                        notes: last_round.then_some(&mut notes),
                        known: &known,
                    };
                    round.fill(&s.ident.to_string(), &mut s.fields);
                }
                Item::Enum(e) => {
                    // The struct variants of a choice, each with the fields of its branch.
                    let Some(branches) = type_pointers
                        .get(&e.ident.to_string())
                        .and_then(|p| choices.get(p))
                        .filter(|b| b.len() == e.variants.len())
                    else {
                        continue;
                    };
                    for (variant, (pointer, names_of_branch)) in e.variants.iter_mut().zip(branches)
                    {
                        let fits = matches!(&variant.fields, Fields::Named(_))
                            && variant.fields.iter().all(|f| {
                                let wire = serde_rename(&f.attrs).unwrap_or_else(|| {
                                    f.ident
                                        .as_ref()
                                        .map(|i| i.to_string().trim_start_matches("r#").to_owned())
                                        .unwrap_or_default()
                                });
                                names_of_branch.contains(&wire)
                            });
                        if !fits {
                            continue;
                        }
                        let mut round = Round {
                            pointer,
                            names: &mut names,
                            added: added.entry(e.ident.to_string()).or_default(),
                            notes: last_round.then_some(&mut notes),
                            known: &known,
                        };
                        round.fill(
                            &format!("{}{}", e.ident, variant.ident),
                            &mut variant.fields,
                        );
                    }
                }
                _ => {}
            }
        }
    }
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        if added
            .get(&s.ident.to_string())
            .is_some_and(|a| !a.is_empty())
            || has_null_default(s)
        {
            if let Some(imp) = default_impl(s) {
                added.entry(s.ident.to_string()).or_default().push(imp);
            }
        }
    }
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in std::mem::take(items) {
        let extra = match &item {
            Item::Struct(s) => added.remove(&s.ident.to_string()).unwrap_or_default(),
            Item::Enum(e) => added.remove(&e.ident.to_string()).unwrap_or_default(),
            _ => Vec::new(),
        };
        out.push(item);
        out.extend(extra);
    }
    *items = out;
    notes
}

/// What a default's value can be written as.
struct Known<'a> {
    custom_enums: &'a [CustomEnum],
    /// The structs of the schema as the first round left them (second round only).
    structs: Option<&'a BTreeMap<String, LocalStruct>>,
    defaults: &'a BTreeMap<(String, String), serde_json::Value>,
}

/// A generated struct, for writing a literal of it.
struct LocalStruct {
    pointer: Option<String>,
    /// `(field, JSON name, type, the function of its serde default, whether serde defaults it)`.
    fields: Vec<(Ident, String, syn::Type, Option<String>, bool)>,
    /// Whether some field is flattened (it takes the properties not named).
    flattened: bool,
}

fn local_structs(
    items: &[Item],
    type_pointers: &BTreeMap<String, String>,
) -> BTreeMap<String, LocalStruct> {
    let mut out = BTreeMap::new();
    for item in items {
        let Item::Struct(s) = item else { continue };
        let Fields::Named(named) = &s.fields else {
            continue;
        };
        let mut fields = Vec::new();
        let mut flattened = false;
        for f in &named.named {
            let Some(ident) = f.ident.clone() else {
                continue;
            };
            flattened |= f.attrs.iter().any(|a| is_serde_flag(a, "flatten"));
            let wire = serde_rename(&f.attrs)
                .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
            let serde_default = f.attrs.iter().any(|a| is_serde_flag(a, "default"));
            fields.push((
                ident,
                wire,
                f.ty.clone(),
                serde_default_fn(&f.attrs),
                serde_default,
            ));
        }
        out.insert(
            s.ident.to_string(),
            LocalStruct {
                pointer: type_pointers.get(&s.ident.to_string()).cloned(),
                fields,
                flattened,
            },
        );
    }
    out
}

/// One round of [`apply_defaults`] over one struct.
struct Round<'a, 'k> {
    pointer: &'a str,
    names: &'a mut Names,
    added: &'a mut Vec<Item>,
    /// Where notes go; `None` in the first round, which leaves what it can't write to the next.
    notes: Option<&'a mut Vec<crate::Note>>,
    known: &'a Known<'k>,
}

impl Round<'_, '_> {
    fn note(&mut self, wire: &str, message: &str) {
        if let Some(notes) = self.notes.as_deref_mut() {
            notes.push(crate::Note {
                rule: crate::rules::UNTYPED_KEYWORD,
                severity: crate::Severity::Info,
                pointer: format!(
                    "{}/properties/{}/default",
                    self.pointer,
                    crate::refs::escape(wire)
                ),
                message: message.to_owned(),
            });
        }
    }

    /// Fills the defaults of `fields`, those of the struct (or struct variant) `owner`.
    fn fill(&mut self, owner: &str, fields: &mut Fields) {
        use heck::ToSnakeCase;
        let struct_name = owner.to_snake_case();
        let Fields::Named(named) = fields else {
            return;
        };
        for field in named.named.iter_mut() {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let wire = serde_rename(&field.attrs)
                .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
            let key = (self.pointer.to_owned(), wire.clone());
            let Some(value) = self.known.defaults.get(&key) else {
                continue;
            };
            if path_names(&field.ty)
                .last()
                .is_some_and(|n| n == "Nullable")
            {
                self.note(
                    &wire,
                    "the `default` of a property that may be `null` is not applied by the \
                     type: an absent property stays `Nullable::Absent`",
                );
                continue;
            }
            let Some(inner) = generic_arg(&field.ty, "Option").cloned() else {
                continue;
            };
            if value.is_null() {
                // Absent is `None`, as `null` is: the field is written back as `null`.
                remove_serde_options(&mut field.attrs, &["default", "skip_serializing_if"]);
                field.attrs.push(syn::parse_quote!(#[serde(default)]));
                continue;
            }
            let Some(expr) = default_expr(&inner, value, self.known, 0) else {
                self.note(
                    &wire,
                    "this `default` is not applied by the type (no Rust value of the \
                     property's type is written for it): an absent property is `None`",
                );
                continue;
            };
            let name = self.names.unique(&format!(
                "default_{struct_name}_{}",
                ident.to_string().trim_start_matches("r#")
            ));
            let fn_ident = Ident::new(&name, Span::call_site());
            let doc = LitStr::new(
                &format!(" The `default` of the `{}` property.", doc_code(&wire)),
                Span::call_site(),
            );
            self.added.push(syn::parse_quote! {
                #[doc = #doc]
                fn #fn_ident() -> #inner {
                    #expr
                }
            });
            field.ty = inner;
            remove_serde_options(&mut field.attrs, &["default", "skip_serializing_if"]);
            let path = LitStr::new(&name, Span::call_site());
            field
                .attrs
                .push(syn::parse_quote!(#[serde(default = #path)]));
        }
    }
}

/// Whether a field of `s` is an `Option` that serde defaults and writes back when `None` (a
/// `default: null`).
fn has_null_default(s: &syn::ItemStruct) -> bool {
    s.fields.iter().any(|f| {
        generic_arg(&f.ty, "Option").is_some()
            && f.attrs.iter().any(|a| is_serde_flag(a, "default"))
            && !f
                .attrs
                .iter()
                .any(|a| is_serde_flag(a, "skip_serializing_if"))
    })
}

/// Replaces a derived `Default` of `s`, whose fields now have their own defaults, by an impl
/// calling them; `None` (and no `Default`) unless every field has a default.
fn default_impl(s: &mut syn::ItemStruct) -> Option<Item> {
    remove_derive(&mut s.attrs, "Default");
    let defaultable = s.fields.iter().all(|f| {
        generic_arg(&f.ty, "Option").is_some()
            || f.attrs.iter().any(|a| is_serde_flag(a, "default"))
    });
    if !defaultable {
        return None;
    }
    let ident = &s.ident;
    let values = s.fields.iter().map(|f| {
        let name = &f.ident;
        match serde_default_fn(&f.attrs) {
            Some(path) => {
                let path = Ident::new(&path, Span::call_site());
                quote!(#name: #path())
            }
            None => quote!(#name: ::std::default::Default::default()),
        }
    });
    Some(syn::parse_quote! {
        impl ::std::default::Default for #ident {
            fn default() -> Self {
                Self { #(#values,)* }
            }
        }
    })
}

/// The function named by `#[serde(default = "name")]` among `attrs`.
fn serde_default_fn(attrs: &[Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Ok(value) = meta.value() {
                let expr: syn::Expr = value.parse()?;
                if meta.path.is_ident("default") {
                    if let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) = expr
                    {
                        found = Some(s.value());
                    }
                }
            }
            Ok(())
        });
    }
    found
}

/// Removes `name` from the `#[derive]` lists of `attrs`.
fn remove_derive(attrs: &mut [Attribute], name: &str) {
    use syn::punctuated::Punctuated;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(list) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Punctuated<syn::Path, syn::Token![,]> = list
            .into_iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != name))
            .collect();
        *attr = syn::parse_quote!(#[derive(#kept)]);
    }
}

/// A Rust expression of type `ty` for the JSON value `value`, for the types a property with
/// a default has (booleans, numbers, strings, hand-written string enums, lists and maps of
/// those, `serde_json::Value`, and in the second round structs of the schema), or `None` when
/// the value does not fit the type.
fn default_expr(
    ty: &syn::Type,
    value: &serde_json::Value,
    known: &Known<'_>,
    depth: usize,
) -> Option<TokenStream> {
    use serde_json::Value as J;
    if depth > 32 {
        return None;
    }
    let custom_enums = known.custom_enums;
    let names = path_names(ty);
    let last = names.last()?.as_str();
    let integer = |text: String| -> Option<TokenStream> {
        let lit = syn::LitInt::new(
            &format!("{}_{last}", text.trim_start_matches('-')),
            Span::call_site(),
        );
        Some(if text.starts_with('-') {
            quote!(-#lit)
        } else {
            quote!(#lit)
        })
    };
    match (last, value) {
        ("bool", J::Bool(b)) => Some(quote!(#b)),
        ("u64", J::Number(n)) => n.as_u64().and_then(|v| integer(v.to_string())),
        ("i64", J::Number(n)) => n.as_i64().and_then(|v| integer(v.to_string())),
        ("f64", J::Number(n)) => {
            let v = n.as_f64().filter(|v| v.is_finite())?;
            let text = format!("{:?}", v.abs());
            let text = if text.contains(['.', 'e']) {
                text
            } else {
                format!("{text}.0")
            };
            let lit = syn::LitFloat::new(&format!("{text}_f64"), Span::call_site());
            Some(if v.is_sign_negative() {
                quote!(-#lit)
            } else {
                quote!(#lit)
            })
        }
        ("String", J::String(text)) => {
            let lit = LitStr::new(text, Span::call_site());
            Some(quote!(::std::string::String::from(#lit)))
        }
        ("Vec", J::Array(list)) => {
            let inner = generic_arg(ty, "Vec")?;
            if list.is_empty() {
                return Some(quote!(::std::vec::Vec::new()));
            }
            let items = list
                .iter()
                .map(|v| default_expr(inner, v, known, depth + 1))
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(::std::vec![#(#items),*]))
        }
        ("BTreeMap" | "Map", J::Object(map)) => {
            let syn::Type::Path(p) = ty else { return None };
            let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments
            else {
                return None;
            };
            let mut types = args.args.iter().filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            });
            let (key, val) = (types.next()?, types.next()?);
            if path_names(key).last().map(String::as_str) != Some("String") {
                return None;
            }
            if map.is_empty() {
                return Some(quote!(<#ty>::new()));
            }
            let entries = map
                .iter()
                .map(|(k, v)| {
                    let k = LitStr::new(k, Span::call_site());
                    let v = default_expr(val, v, known, depth + 1)?;
                    Some(quote!((::std::string::String::from(#k), #v)))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(quote!([#(#entries),*].into_iter().collect()))
        }
        ("Value", v) if names.first().map(String::as_str) == Some("serde_json") => {
            let json = json_tokens(v)?;
            Some(quote!(::serde_json::json!(#json)))
        }
        (name, J::Object(map)) => struct_literal(name, map, known, depth),
        (name, J::String(text)) => {
            let custom = custom_enums.iter().find(|c| c.name == name)?;
            let index = custom.values.iter().position(|v| v == text)?;
            let variant = format_ident!("{}", variant_names(&custom.values)[index]);
            let ident = format_ident!("{}", custom.name);
            Some(quote!(#ident::#variant))
        }
        _ => None,
    }
}

/// A literal of the struct `name` for the JSON object `map`: each field from its property,
/// else from its own default (or `None`); `None` when a property is not a field, a required
/// field is missing, or a field's default is not settled yet.
fn struct_literal(
    name: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    known: &Known<'_>,
    depth: usize,
) -> Option<TokenStream> {
    let local = known.structs?.get(name)?;
    if local.flattened || map.keys().any(|k| !local.fields.iter().any(|f| &f.1 == k)) {
        return None;
    }
    let mut values = Vec::new();
    for (ident, wire, ty, default_fn, serde_default) in &local.fields {
        let pending = local.pointer.as_ref().is_some_and(|p| {
            known
                .defaults
                .get(&(p.clone(), wire.clone()))
                .is_some_and(|d| !d.is_null())
        }) && default_fn.is_none();
        let optional = generic_arg(ty, "Option");
        if let Some(inner) = generic_arg(ty, "Nullable") {
            let expr = match map.get(wire) {
                None => quote!(::agentspec_answer::Nullable::Absent),
                Some(serde_json::Value::Null) => quote!(::agentspec_answer::Nullable::Null),
                Some(v) => {
                    let e = default_expr(inner, v, known, depth + 1)?;
                    quote!(::agentspec_answer::Nullable::Value(#e))
                }
            };
            values.push(quote!(#ident: #expr));
            continue;
        }
        let expr = match map.get(wire) {
            Some(serde_json::Value::Null) if optional.is_some() => {
                quote!(::std::option::Option::None)
            }
            Some(v) => match optional {
                Some(inner) => {
                    let e = default_expr(inner, v, known, depth + 1)?;
                    quote!(::std::option::Option::Some(#e))
                }
                None => default_expr(ty, v, known, depth + 1)?,
            },
            None if pending => return None,
            None => match (default_fn, optional, serde_default) {
                (Some(f), _, _) => {
                    let f = Ident::new(f, Span::call_site());
                    quote!(#f())
                }
                (None, Some(_), _) => quote!(::std::option::Option::None),
                (None, None, true) => quote!(::std::default::Default::default()),
                (None, None, false) => return None,
            },
        };
        values.push(quote!(#ident: #expr));
    }
    let ident = Ident::new(name, Span::call_site());
    Some(quote!(#ident { #(#values),* }))
}

/// `value` written for `serde_json::json!`.
fn json_tokens(value: &serde_json::Value) -> Option<TokenStream> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => quote!(null),
        J::Bool(b) => quote!(#b),
        J::Number(n) => {
            let text = n.to_string();
            let unsigned = text.trim_start_matches('-');
            let lit: TokenStream = if n.is_f64() {
                let v = n.as_f64().filter(|v| v.is_finite())?.abs();
                let text = format!("{v:?}");
                let text = if text.contains(['.', 'e']) {
                    text
                } else {
                    format!("{text}.0")
                };
                let lit = syn::LitFloat::new(&text, Span::call_site());
                quote!(#lit)
            } else {
                let lit = syn::LitInt::new(unsigned, Span::call_site());
                quote!(#lit)
            };
            if text.starts_with('-') {
                quote!(-#lit)
            } else {
                lit
            }
        }
        J::String(s) => {
            let lit = LitStr::new(s, Span::call_site());
            quote!(#lit)
        }
        J::Array(items) => {
            let items = items.iter().map(json_tokens).collect::<Option<Vec<_>>>()?;
            quote!([#(#items),*])
        }
        J::Object(map) => {
            let entries = map
                .iter()
                .map(|(k, v)| {
                    let k = LitStr::new(k, Span::call_site());
                    let v = json_tokens(v)?;
                    Some(quote!(#k: #v))
                })
                .collect::<Option<Vec<_>>>()?;
            quote!({#(#entries),*})
        }
    })
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

/// A hand-written string enum: variants named by [`variant_names`], each renamed to its exact
/// value, with `as_str`, `Display` and `FromStr`.
fn custom_enum(custom: &CustomEnum) -> Vec<Item> {
    let name = Ident::new(&custom.name, Span::call_site());
    let idents: Vec<Ident> = variant_names(&custom.values)
        .iter()
        .map(|n| format_ident!("{}", n))
        .collect();
    let wires: Vec<LitStr> = custom
        .values
        .iter()
        .map(|v| LitStr::new(v, Span::call_site()))
        .collect();
    let variants = idents.iter().zip(&wires).map(|(ident, wire)| {
        let docs = doc_attrs(&format!("The value `{}`.", doc_code(&wire.value())), true);
        quote! { #(#docs)* #[serde(rename = #wire)] #ident, }
    });
    let doc = match &custom.description {
        Some(d) => d.clone(),
        None => format!("One of the values {}.", quoted_list(&custom.values)),
    };
    let docs = doc_attrs(&doc, false);
    let error = LitStr::new(
        &format!("not one of the values of `{}`", custom.name),
        Span::call_site(),
    );
    let tokens = quote! {
        #(#docs)*
        #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as written in the answer.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#idents => #wires,)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::agentspec_answer::ConversionError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #(#wires => Ok(Self::#idents),)*
                    _ => Err(#error.into()),
                }
            }
        }
    };
    syn::parse2::<syn::File>(tokens)
        .map(|f| f.items)
        .unwrap_or_default()
}

/// `"a"`, `"b"` and `"c"` (the first few values, for a doc line).
fn quoted_list(values: &[String]) -> String {
    let shown: Vec<String> = values
        .iter()
        .take(5)
        .map(|v| format!("`{}`", doc_code(v)))
        .collect();
    let mut text = shown.join(", ");
    if values.len() > 5 {
        text.push_str(", …");
    }
    text
}

/// Variant names for string values, in `UpperCamelCase`, one per value and all distinct:
///
/// * letters and digits are kept, and start a new word after a separator (`in_progress` and
///   `in-progress` both give `InProgress`);
/// * a symbol that is not between two letters or digits is a word of its own (`A+` gives
///   `APlus`, `A-` gives `AMinus`, `<=` gives `LtEq`, `C#` gives `CSharp`);
/// * a name that would start with a digit starts with `V` (`2xx` gives `V2xx`), the empty
///   string is `Empty`, and a value with nothing nameable is `V` followed by its position;
/// * only values that still give the same name (`a` and `A`) are told apart by a number
///   (`A`, `A2`), in the order of the schema.
pub(crate) fn variant_names(values: &[String]) -> Vec<String> {
    let mut names = Names::default();
    values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let mut base = variant_base(value);
            if base.is_empty() {
                base = if value.is_empty() {
                    "Empty".to_owned()
                } else {
                    format!("V{i}")
                };
            }
            if base.starts_with(|c: char| c.is_ascii_digit()) {
                base = format!("V{base}");
            }
            if base == "Self" {
                base = "SelfValue".to_owned();
            }
            names.unique(&base)
        })
        .collect()
}

fn variant_base(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            current.push(c);
            continue;
        }
        let between = i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric);
        let word = symbol_word(c);
        if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if let Some(word) = word.filter(|_| !between && !matches!(c, '_' | ' ' | '-' | '.')) {
            words.push(word.to_owned());
        } else if c == '-' && !between && (i + 1 == chars.len() || i == 0) {
            words.push("Minus".to_owned());
        } else if c == '.' && !between && chars.len() == 1 {
            words.push("Dot".to_owned());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words.iter().map(|w| pascal(w)).collect::<Vec<_>>().concat()
}

fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "Plus",
        '*' => "Star",
        '/' => "Slash",
        '\\' => "Backslash",
        '<' => "Lt",
        '>' => "Gt",
        '=' => "Eq",
        '!' => "Not",
        '?' => "Question",
        '#' => "Sharp",
        '@' => "At",
        '&' => "And",
        '%' => "Percent",
        '$' => "Dollar",
        '~' => "Tilde",
        '^' => "Caret",
        '|' => "Pipe",
        ':' => "Colon",
        ',' => "Comma",
        ';' => "Semicolon",
        '(' => "LParen",
        ')' => "RParen",
        '[' => "LBracket",
        ']' => "RBracket",
        '{' => "LBrace",
        '}' => "RBrace",
        '\'' => "Quote",
        '"' => "DoubleQuote",
        _ => return None,
    })
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

/// Makes every optional field tell an absent key from an empty or `null` one, so an answer
/// serializes back to itself: typify reads an optional list or map as an empty one when
/// absent (and leaves it out when empty), which is now `Option<Vec<T>>` / `Option<Map>`;
/// `agentspec_answer::Nullable<T>` fields (optional and nullable) default to `Absent` and are
/// left out only then.
fn keep_empty_apart_from_absent(items: &mut [Item]) {
    fn fix(fields: &mut Fields) {
        let Fields::Named(named) = fields else { return };
        for field in named.named.iter_mut() {
            // `Option<Nullable<T>>` (typify wraps optional properties) is `Nullable<T>`.
            let nullable = match generic_arg(&field.ty, "Option") {
                Some(inner) if path_names(inner) == ["agentspec_answer", "Nullable"] => {
                    Some(inner.clone())
                }
                _ if path_names(&field.ty) == ["agentspec_answer", "Nullable"] => {
                    Some(field.ty.clone())
                }
                _ => None,
            };
            if let Some(inner) = nullable {
                field.ty = inner;
                remove_serde_options(&mut field.attrs, &["default", "skip_serializing_if"]);
                field.attrs.push(syn::parse_quote!(
                    #[serde(default, skip_serializing_if = "::agentspec_answer::Nullable::is_absent")]
                ));
                continue;
            }
            // typify boxes a recursive optional field as `Box<Option<T>>`, which writes an
            // absent value as `null`; `Option<Box<T>>` leaves it out.
            if let Some(inner) = generic_arg(&field.ty, "Box")
                .and_then(|t| generic_arg(t, "Option"))
                .cloned()
            {
                field.ty = syn::parse_quote!(::std::option::Option<::std::boxed::Box<#inner>>);
                remove_serde_options(&mut field.attrs, &["default", "skip_serializing_if"]);
                field.attrs.push(syn::parse_quote!(
                    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                ));
                continue;
            }
            let mut emptiable = false;
            for attr in field
                .attrs
                .iter_mut()
                .filter(|a| a.path().is_ident("serde"))
            {
                let mut kept: Vec<TokenStream> = Vec::new();
                let mut changed = false;
                let _ = attr.parse_nested_meta(|meta| {
                    let path = meta.path.clone();
                    if let Ok(value) = meta.value() {
                        let expr: syn::Expr = value.parse()?;
                        let is_empty_check = path.is_ident("skip_serializing_if")
                            && matches!(&expr, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })
                                if s.value().ends_with("::is_empty"));
                        if is_empty_check {
                            changed = true;
                            kept.push(quote!(skip_serializing_if = "::std::option::Option::is_none"));
                        } else {
                            kept.push(quote!(#path = #expr));
                        }
                    } else {
                        kept.push(quote!(#path));
                    }
                    Ok(())
                });
                if changed {
                    *attr = syn::parse_quote!(#[serde(#(#kept),*)]);
                    emptiable = true;
                }
            }
            if emptiable {
                let ty = &field.ty;
                field.ty = syn::parse_quote!(::std::option::Option<#ty>);
            }
        }
    }
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => fix(&mut s.fields),
            Item::Enum(e) => e.variants.iter_mut().for_each(|v| fix(&mut v.fields)),
            _ => {}
        }
    }
}

/// The identifiers of the path of `ty` (`["std", "option", "Option"]`).
fn path_names(ty: &syn::Type) -> Vec<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The type argument of `ty` when `ty` is `name<T>` (any path to it).
fn generic_arg<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// Removes the options `names` from the `#[serde(...)]` attributes of `attrs` (and an
/// attribute left empty).
fn remove_serde_options(attrs: &mut Vec<Attribute>, names: &[&str]) {
    attrs.retain_mut(|attr| {
        if !attr.path().is_ident("serde") {
            return true;
        }
        let mut kept: Vec<TokenStream> = Vec::new();
        let parsed = attr.parse_nested_meta(|meta| {
            let path = meta.path.clone();
            let skip = names.iter().any(|n| path.is_ident(n));
            if let Ok(value) = meta.value() {
                let expr: syn::Expr = value.parse()?;
                if !skip {
                    kept.push(quote!(#path = #expr));
                }
            } else if !skip {
                kept.push(quote!(#path));
            }
            Ok(())
        });
        if parsed.is_err() {
            return true;
        }
        if kept.is_empty() {
            return false;
        }
        *attr = syn::parse_quote!(#[serde(#(#kept),*)]);
        true
    });
}

/// Puts the fields of each struct (and struct variant) in the order of the schema's
/// `properties` that name exactly those fields, or those and a tag (typify sorts them by name);
/// fields no such list names keep their place after the others.
fn order_fields(items: &mut [Item], orders: &[Vec<String>]) {
    fn reorder(fields: &mut Fields, orders: &[Vec<String>]) {
        let Fields::Named(named) = fields else { return };
        let wire = |f: &syn::Field| {
            serde_rename(&f.attrs).unwrap_or_else(|| {
                f.ident
                    .as_ref()
                    .map(|i| i.to_string().trim_start_matches("r#").to_owned())
                    .unwrap_or_default()
            })
        };
        let names: BTreeSet<String> = named
            .named
            .iter()
            .filter(|f| !f.attrs.iter().any(|a| is_serde_flag(a, "flatten")))
            .map(wire)
            .collect();
        // The `properties` naming exactly these fields, else (a variant of a tagged choice,
        // whose tag is not a field) one naming them and one more.
        let exact = orders
            .iter()
            .find(|o| o.len() == names.len() && o.iter().all(|n| names.contains(n)));
        let tagged = || {
            orders
                .iter()
                .find(|o| o.len() == names.len() + 1 && names.iter().all(|n| o.contains(n)))
        };
        let Some(order) = exact.or_else(tagged) else {
            return;
        };
        let mut list: Vec<syn::Field> = std::mem::take(&mut named.named).into_iter().collect();
        list.sort_by_key(|f| {
            order
                .iter()
                .position(|n| *n == wire(f))
                .unwrap_or(usize::MAX)
        });
        named.named = list.into_iter().collect();
    }
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => reorder(&mut s.fields, orders),
            Item::Enum(e) => e
                .variants
                .iter_mut()
                .for_each(|v| reorder(&mut v.fields, orders)),
            _ => {}
        }
    }
}

/// Removes the types the root does not use (typify also emits a type for every definition it
/// was given, used or not), and their impls.
fn drop_unreachable(items: &mut Vec<Item>, root: &str) {
    fn idents(tokens: TokenStream, out: &mut BTreeSet<String>) {
        for tree in tokens {
            match tree {
                proc_macro2::TokenTree::Ident(i) => {
                    out.insert(i.to_string());
                }
                proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
                _ => {}
            }
        }
    }
    let self_name = |item: &Item| -> Option<String> {
        match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            Item::Impl(i) => match i.self_ty.as_ref() {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        }
    };
    let types: BTreeSet<String> = items
        .iter()
        .filter(|i| !matches!(i, Item::Impl(_)))
        .filter_map(self_name)
        .collect();
    let mut reached: BTreeSet<String> = BTreeSet::from([root.to_owned()]);
    let mut uses: Vec<BTreeSet<String>> = Vec::with_capacity(items.len());
    for item in items.iter() {
        let mut found = BTreeSet::new();
        idents(quote!(#item), &mut found);
        uses.push(found);
    }
    loop {
        let before = reached.len();
        for (item, used) in items.iter().zip(&uses) {
            if self_name(item).is_some_and(|n| reached.contains(&n)) {
                reached.extend(used.iter().filter(|u| types.contains(*u)).cloned());
            }
        }
        if reached.len() == before {
            break;
        }
    }
    let mut keep = items.iter().zip(&uses).map(|(item, used)| match item {
        // An impl goes with every local type it names (`From<Dead> for Value` included).
        Item::Impl(_) => used
            .iter()
            .all(|u| !types.contains(u) || reached.contains(u)),
        _ => match self_name(item) {
            Some(name) if types.contains(&name) => reached.contains(&name),
            _ => true,
        },
    });
    let keep: Vec<bool> = keep.by_ref().collect();
    let mut flags = keep.into_iter();
    items.retain(|_| flags.next().unwrap_or(true));
}

/// The derives every generated type gets besides typify's own: `PartialEq` always, `Eq` and
/// `Hash` when every field's type has them (no `f64` anywhere inside), then the caller's
/// (e.g. `schemars::JsonSchema`), each once; then the caller's attributes.
fn derive_comparisons(items: &mut [Item], additions: &crate::ParsedAdditions) {
    let mut fields: BTreeMap<String, Vec<syn::Type>> = BTreeMap::new();
    for item in items.iter() {
        match item {
            Item::Struct(s) => {
                fields.insert(
                    s.ident.to_string(),
                    s.fields.iter().map(|f| f.ty.clone()).collect(),
                );
            }
            Item::Enum(e) => {
                fields.insert(
                    e.ident.to_string(),
                    e.variants
                        .iter()
                        .flat_map(|v| v.fields.iter().map(|f| f.ty.clone()))
                        .collect(),
                );
            }
            _ => {}
        }
    }
    // Greatest fixpoint: a type is `Eq + Hash` unless a field's type is not.
    let mut hashable: BTreeSet<String> = fields.keys().cloned().collect();
    loop {
        let before = hashable.len();
        let current = hashable.clone();
        hashable.retain(|name| fields[name].iter().all(|ty| eq_and_hash(ty, &current)));
        if hashable.len() == before {
            break;
        }
    }
    for item in items.iter_mut() {
        let (ident, attrs) = match item {
            Item::Struct(s) => (s.ident.to_string(), &mut s.attrs),
            Item::Enum(e) => (e.ident.to_string(), &mut e.attrs),
            _ => continue,
        };
        let mut wanted: Vec<syn::Path> = vec![syn::parse_quote!(PartialEq)];
        if hashable.contains(&ident) {
            wanted.push(syn::parse_quote!(Eq));
            wanted.push(syn::parse_quote!(Hash));
        }
        wanted.extend(additions.derives.iter().cloned());
        add_derives(attrs, &wanted);
        let after_derive = attrs
            .iter()
            .rposition(|a| a.path().is_ident("derive"))
            .map_or(attrs.len(), |i| i + 1);
        attrs.splice(
            after_derive..after_derive,
            additions.attributes.iter().cloned(),
        );
    }
}

/// Adds `wanted` to the `#[derive]` of `attrs` (creating one if needed), skipping those whose
/// last path segment is already derived.
fn add_derives(attrs: &mut Vec<Attribute>, wanted: &[syn::Path]) {
    use syn::punctuated::Punctuated;
    let position = attrs.iter().position(|a| a.path().is_ident("derive"));
    let mut list: Punctuated<syn::Path, syn::Token![,]> = position
        .and_then(|i| attrs[i].parse_args_with(Punctuated::parse_terminated).ok())
        .unwrap_or_default();
    let last = |p: &syn::Path| p.segments.last().map(|s| s.ident.to_string());
    for path in wanted {
        if !list.iter().any(|p| last(p) == last(path)) {
            list.push(path.clone());
        }
    }
    let attr: Attribute = syn::parse_quote!(#[derive(#list)]);
    match position {
        Some(i) => attrs[i] = attr,
        None => attrs.push(attr),
    }
}

/// Whether `ty` is `Eq + Hash`, given the local types that are (`local`).
fn eq_and_hash(ty: &syn::Type, local: &BTreeSet<String>) -> bool {
    match ty {
        syn::Type::Tuple(t) => t.elems.iter().all(|e| eq_and_hash(e, local)),
        syn::Type::Array(a) => eq_and_hash(&a.elem, local),
        syn::Type::Paren(p) => eq_and_hash(&p.elem, local),
        syn::Type::Path(p) if p.qself.is_none() => {
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            let name = last.ident.to_string();
            let args_ok = match &last.arguments {
                syn::PathArguments::None => true,
                syn::PathArguments::AngleBracketed(args) => args.args.iter().all(|a| match a {
                    syn::GenericArgument::Type(t) => eq_and_hash(t, local),
                    _ => false,
                }),
                syn::PathArguments::Parenthesized(_) => false,
            };
            const STD: &[&str] = &[
                "String",
                "bool",
                "char",
                "i8",
                "i16",
                "i32",
                "i64",
                "i128",
                "isize",
                "u8",
                "u16",
                "u32",
                "u64",
                "u128",
                "usize",
                "NonZeroU8",
                "NonZeroU16",
                "NonZeroU32",
                "NonZeroU64",
                "NonZeroI8",
                "NonZeroI16",
                "NonZeroI32",
                "NonZeroI64",
                "Value",
                "Map",
                "Vec",
                "Option",
                "Box",
                "BTreeMap",
                "BTreeSet",
                "Nullable",
            ];
            args_ok && (STD.contains(&name.as_str()) || local.contains(&name))
        }
        _ => false,
    }
}

/// Gives every field and variant without a doc comment one, so a crate with
/// `#![deny(missing_docs)]` can include the generated code: a field names its JSON property,
/// a variant the value or the type it stands for.
fn document_members(items: &mut [Item]) {
    fn document_fields(fields: &mut Fields) {
        let Fields::Named(named) = fields else {
            return;
        };
        for field in named.named.iter_mut() {
            if field.attrs.iter().any(|a| a.path().is_ident("doc")) {
                continue;
            }
            let Some(ident) = &field.ident else { continue };
            let wire = serde_rename(&field.attrs)
                .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_owned());
            let text = if field.attrs.iter().any(|a| is_serde_flag(a, "flatten")) {
                "The properties not named in the schema.".to_owned()
            } else {
                format!("The `{}` property.", doc_code(&wire))
            };
            field.attrs.splice(0..0, doc_attrs(&text, true));
        }
    }
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => document_fields(&mut s.fields),
            Item::Enum(e) => {
                for variant in e.variants.iter_mut() {
                    document_fields(&mut variant.fields);
                    if variant.attrs.iter().any(|a| a.path().is_ident("doc")) {
                        continue;
                    }
                    let text = match &variant.fields {
                        Fields::Unit => {
                            let wire = serde_rename(&variant.attrs)
                                .unwrap_or_else(|| variant.ident.to_string());
                            format!("The value `{}`.", doc_code(&wire))
                        }
                        Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                            let ty = &f.unnamed[0].ty;
                            format!("A value read as `{}`.", doc_code(&type_text(ty)))
                        }
                        _ => format!("The `{}` alternative.", variant.ident),
                    };
                    variant.attrs.splice(0..0, doc_attrs(&text, true));
                }
            }
            _ => {}
        }
    }
}

/// `ty` as written, without the spaces the token printer puts around `::` and `<`.
fn type_text(ty: &syn::Type) -> String {
    quote!(#ty)
        .to_string()
        .replace(' ', "")
        .replace("::std::string::", "")
        .replace("::std::vec::", "")
        .replace("::std::collections::", "")
        .replace("::std::option::", "")
        .replace("::std::boxed::", "")
        .replace("::serde_json::", "")
}

/// `text` safe inside inline code in a doc comment (no backticks, controls or line breaks).
fn doc_code(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '`' || c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}') {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// The value of `#[serde(rename = "...")]` among `attrs`.
fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: LitStr = meta.value()?.parse()?;
                found = Some(lit.value());
            } else if let Ok(value) = meta.value() {
                let _: syn::Expr = value.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// Whether `attr` is `#[serde(..., flag, ...)]`.
fn is_serde_flag(attr: &Attribute, flag: &str) -> bool {
    if !attr.path().is_ident("serde") {
        return false;
    }
    let mut found = false;
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident(flag) {
            found = true;
        }
        if let Ok(value) = meta.value() {
            let _: syn::Expr = value.parse()?;
        }
        Ok(())
    });
    found
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
        // typify writes the map type's path into `skip_serializing_if` with the spaces of
        // its token printer; the path means the same without them.
        out.push_str(&prettyplease::unparse(&file).replace(
            "\":: std :: collections :: BTreeMap::is_empty\"",
            "\"::std::collections::BTreeMap::is_empty\"",
        ));
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
    fn variant_names_never_collide_silently() {
        let names = |values: &[&str]| {
            variant_names(&values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(
            names(&[
                "A+",
                "A",
                "A-",
                "B",
                "in_progress",
                "2xx",
                "",
                "C#",
                "<=",
                "self"
            ]),
            [
                "APlus",
                "A",
                "AMinus",
                "B",
                "InProgress",
                "V2xx",
                "Empty",
                "CSharp",
                "LtEq",
                "SelfValue"
            ]
        );
        assert_eq!(names(&["a", "A", "é"]), ["A", "A2", "V2"]);
        assert_eq!(
            names(&["-1", "1", "1.5", "-"]),
            ["Minus1", "V1", "V15", "Minus"]
        );
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
