/**
 * Flow definitions: YAML documents stored per project and versioned
 * ({@link org.flowvault.platform.flow.FlowStore}), parsed into a
 * {@link org.flowvault.platform.flow.FlowDefinition}; code flows written in Java
 * ({@link org.flowvault.platform.flow.Flow}, {@link org.flowvault.platform.flow.FlowContext},
 * registered in {@link org.flowvault.platform.flow.CodeFlows}); and the expression language.
 * User documentation: {@code docs/flows.md}.
 *
 * <h2>Expression language</h2>
 * Data, never code: an expression reads the run's inputs and earlier steps' outputs, compares and
 * combines them and calls a fixed set of pure functions. There are no loops, variables, user
 * functions or access to Java objects, so evaluation always terminates, in time linear in the
 * expression's size. An expression is at most 2000 characters and 48 levels deep.
 *
 * <pre>
 * template   = { text | "${{" expression "}}" }          (* text may not contain "${{" *)
 * expression = or
 * or         = and { "||" and }
 * and        = comparison { "&amp;&amp;" comparison }
 * comparison = unary { ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") unary }
 * unary      = "!" unary | postfix
 * postfix    = primary { "." name | "[" expression "]" }
 * primary    = "inputs" | "steps" | literal | function "(" [ expression { "," expression } ] ")" | "(" expression ")"
 * literal    = "'" { char | "''" } "'" | '"' { char | "\" ("n"|"t"|'"'|"\") } '"'
 *            | [ "-" ] digits [ "." digits ] | "true" | "false" | "null"
 * name       = (letter | "_") { letter | digit | "_" | "-" }
 * function   = "default" | "json" | "lower" | "upper" | "length" | "contains" | "string"
 * </pre>
 *
 * <p>Semantics: a template that is exactly one expression keeps the value's type; otherwise each
 * value is rendered as text (null as empty, maps and lists as JSON). Reading a missing key, an
 * index out of range or anything of null gives null ({@code [-1]} is the last element); reading a
 * property of text or a number is an error. {@code ==} compares deeply, numbers by value, without
 * other conversions. {@code &&}, {@code ||} and {@code !} use truthiness: null, false, "", 0 and
 * empty lists and maps are false. {@code <} etc. compare two numbers or two texts.
 * {@code default(a, b)} is {@code b} when {@code a} is null or "", {@code json(x)} renders JSON,
 * {@code string(x)} renders text, {@code lower}/{@code upper} change case, {@code length} counts
 * characters, elements or keys, {@code contains(x, y)} finds text in text, an element in a list or a
 * key in a map.
 *
 * <p>Errors ({@link org.flowvault.platform.flow.ExpressionException}) name the expression text and
 * the column; in a document they also name the line and column in the file. A message never
 * quotes an evaluated value, since values may be secrets.
 */
package org.flowvault.platform.flow;
