package org.flowvault.platform.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowvault.platform.flow.FlowDefinitionException.Problem;
import org.flowvault.platform.naming.Names;
import org.flowvault.platform.yaml.YamlTree;
import org.flowvault.platform.yaml.YamlTree.ListNode;
import org.flowvault.platform.yaml.YamlTree.MapNode;
import org.flowvault.platform.yaml.YamlTree.Node;
import org.flowvault.platform.yaml.YamlTree.Pos;
import org.flowvault.platform.yaml.YamlTree.Scalar;
import org.flowvault.platform.task.TaskInputs;

/**
 * Reads a flow document into a {@link FlowDefinition}, collecting every problem (with its line and
 * column) rather than stopping at the first.
 */
final class FlowParser {
    /** The largest flow document, in characters. */
    static final int MAX_DOCUMENT_CHARS = 512 * 1024;
    private static final String ID_PATTERN = "[A-Za-z_][A-Za-z0-9_-]{0,63}";
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "inputs", "steps", "outputs", "retry");
    private static final Set<String> INPUT_KEYS = Set.of("type", "required", "sensitive", "default", "description", "domain");
    private static final Set<String> STEP_KEYS = Set.of("id", "if", "task", "connection", "inputs", "message", "write_secret");
    private static final Set<String> MESSAGE_KEYS = Set.of("subject", "text", "fields");
    private static final Set<String> FIELD_KEYS = Set.of("name", "type", "label", "required", "secret", "choices");
    private static final Set<String> WRITE_KEYS = Set.of("vault_config", "path", "data");

    private final String yaml;
    private final String[] lines;
    private final Set<String> knownTypes;
    private final List<Problem> problems = new ArrayList<>();

    FlowParser(String yaml, Set<String> knownTypes) {
        this.yaml = yaml;
        this.lines = yaml == null ? new String[0] : yaml.split("\n", -1);
        this.knownTypes = knownTypes;
    }

    /** The flow document's tree; an empty, oversized or malformed document is refused with its position. */
    private static Node document(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new FlowDefinitionException(List.of(new Problem(1, 1, "the flow document is empty: write a YAML map with at least "
                    + "'name' and 'steps'")));
        }
        Node root;
        try {
            root = YamlTree.parse(yaml, MAX_DOCUMENT_CHARS);
        } catch (YamlTree.SyntaxError e) {
            String what = e.fromParser() ? "invalid YAML: " + e.getMessage() : e.getMessage().replace("the document", "the flow document");
            throw new FlowDefinitionException(List.of(new Problem(e.line(), e.column(), what)));
        }
        if (root == null) {
            throw new FlowDefinitionException(List.of(new Problem(1, 1, "the flow document is empty")));
        }
        return root;
    }

    FlowDefinition parse() {
        Node root = document(yaml);
        if (!(root instanceof MapNode top)) {
            throw new FlowDefinitionException(List.of(new Problem(root.pos().line(), root.pos().column(),
                    "a flow is a YAML map with 'name' and 'steps', not " + root.kind())));
        }
        unknownKeys(top, TOP_KEYS, "a flow");
        String name = requiredText(top, "name", "the flow's name, e.g. name: nightly-report");
        if (name != null) {
            Names.problem(Names.Kind.FLOW, name).ifPresent(p -> problem(top.entries().get("name").pos(), p));
        }
        String description = optionalText(top, "description");
        int retry = 0;
        if (top.entries().get("retry") instanceof Node r) {
            if (r instanceof Scalar s && s.value() instanceof Long l && l >= 0 && l <= FlowDefinition.MAX_RETRY) {
                retry = l.intValue();
            } else {
                problem(r.pos(), "'retry' is how many times a run is re-queued when its node stops: a whole number from 0 to "
                        + FlowDefinition.MAX_RETRY);
            }
        }
        List<InputSpec> inputs = inputs(top.entries().get("inputs"));
        Set<String> inputNames = new LinkedHashSet<>();
        inputs.forEach(i -> inputNames.add(i.name()));
        List<Step> steps = steps(top, inputNames);
        Map<String, Object> outputs = new LinkedHashMap<>();
        Node out = top.entries().get("outputs");
        if (out != null) {
            if (out instanceof MapNode m) {
                List<String> ids = steps.stream().map(Step::id).toList();
                m.entries().forEach((k, v) -> outputs.put(k, tree(v, inputNames, ids)));
            } else {
                problem(out.pos(), "'outputs' is a map of output name to value or ${{ expression }}, not " + out.kind());
            }
        }
        if (!problems.isEmpty()) {
            throw new FlowDefinitionException(problems);
        }
        return new FlowDefinition(name, description, inputs, steps, outputs, retry);
    }

    private List<InputSpec> inputs(Node node) {
        List<InputSpec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof MapNode m)) {
            problem(node.pos(), "'inputs' is a map of input name to its type (e.g. user: string) or to {type, required, sensitive, default}");
            return out;
        }
        m.entries().forEach((name, spec) -> {
            if (!name.matches(ID_PATTERN)) {
                problem(m.keys().get(name), "input name '" + name + "' must be letters, digits, '_' or '-', starting with a letter or '_'");
            }
            ValueType type = ValueType.STRING;
            boolean required = false;
            boolean sensitive = TaskInputs.isSecretName(name);
            Object defaultValue = null;
            String description = null;
            String domain = null;
            if (spec instanceof Scalar s && s.value() instanceof String t) {
                type = type(t, s.pos());
                if (type == ValueType.CREDENTIAL) {
                    problem(s.pos(), "credential input '" + name + "' needs its domain: {type: credential, domain: https://portal.example.com}");
                    type = ValueType.STRING;
                }
            } else if (spec instanceof MapNode sm) {
                unknownKeys(sm, INPUT_KEYS, "input '" + name + "'");
                if (sm.entries().get("type") instanceof Node t) {
                    type = t instanceof Scalar ts && ts.value() instanceof String tn ? type(tn, t.pos()) : type("?", t.pos());
                }
                domain = credentialDomain(sm, name, type);
                if (type == ValueType.CREDENTIAL) {
                    sensitive = false; // the value is an id; the entry's values are masked where a run uses them
                }
                required = bool(sm, "required", type == ValueType.CREDENTIAL);
                sensitive = bool(sm, "sensitive", sensitive);
                description = optionalText(sm, "description");
                if (sm.entries().get("default") instanceof Node d) {
                    defaultValue = YamlTree.plain(d);
                    try {
                        defaultValue = type.coerce(defaultValue);
                    } catch (IllegalArgumentException e) {
                        problem(d.pos(), "the default of input '" + name + "' does not fit its type " + type.label() + ": " + e.getMessage());
                    }
                }
            } else if (!(spec instanceof Scalar s && s.value() == null)) {
                problem(spec.pos(), "input '" + name + "' is declared by a type name or a map {type, required, sensitive, default}, not " + spec.kind());
            }
            out.add(new InputSpec(name, type == ValueType.CREDENTIAL && domain == null ? ValueType.STRING : type, required, sensitive,
                    defaultValue, description, type == ValueType.CREDENTIAL ? domain : null));
        });
        return out;
    }

    /** The domain of a credential input (required there, refused elsewhere); null when missing or misplaced. */
    private String credentialDomain(MapNode sm, String name, ValueType type) {
        Node d = sm.entries().get("domain");
        if (type != ValueType.CREDENTIAL) {
            if (d != null) {
                problem(d.pos(), "'domain' belongs to credential inputs only (type: credential); input '" + name + "' is " + type.label());
            }
            return null;
        }
        if (!(d instanceof Scalar ds && ds.value() instanceof String text && !text.isBlank() && text.length() <= 512
                && text.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            problem(d == null ? sm.pos() : d.pos(), "credential input '" + name + "' needs 'domain': the website of its entries, "
                    + "e.g. https://portal.example.com (at most 512 characters, no spaces)");
            return null;
        }
        return text;
    }

    private ValueType type(String name, Pos pos) {
        ValueType t = ValueType.named(name);
        if (t == null) {
            List<String> names = new ArrayList<>();
            for (ValueType v : ValueType.values()) {
                names.add(v.label());
            }
            problem(pos, "unknown type '" + name + "'; the types are " + String.join(", ", names));
            return ValueType.ANY;
        }
        return t;
    }

    private List<Step> steps(MapNode top, Set<String> inputNames) {
        List<Step> out = new ArrayList<>();
        Node node = top.entries().get("steps");
        if (node == null) {
            problem(top.pos(), "the flow has no 'steps': add a list of steps, e.g. steps: [{id: hello, task: ECHO}]");
            return out;
        }
        if (!(node instanceof ListNode list) || list.items().isEmpty()) {
            problem(node.pos(), "'steps' is a non-empty list of steps, not " + (node instanceof ListNode ? "an empty list" : node.kind()));
            return out;
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (Node item : list.items()) {
            n++;
            if (!(item instanceof MapNode s)) {
                problem(item.pos(), "step " + n + " is a map (id, task, connection, inputs...), not " + item.kind());
                continue;
            }
            unknownKeys(s, STEP_KEYS, "step " + n);
            String id = optionalText(s, "id");
            if (id == null) {
                id = "step" + n;
            } else if (!id.matches(ID_PATTERN)) {
                problem(s.entries().get("id").pos(), "step id '" + id + "' must be letters, digits, '_' or '-', starting with a letter or '_'");
            }
            if (!seen.add(id)) {
                problem(s.pos(), "step id '" + id + "' is used twice: step ids are unique in a flow");
            }
            FlowTemplate condition = null;
            if (s.entries().get("if") instanceof Node c) {
                condition = condition(c, inputNames, ids);
            }
            int line = s.pos().line();
            boolean isTask = s.entries().containsKey("task") || s.entries().containsKey("connection");
            boolean isMessage = s.entries().containsKey("message");
            boolean isWrite = s.entries().containsKey("write_secret");
            int kinds = (isTask ? 1 : 0) + (isMessage ? 1 : 0) + (isWrite ? 1 : 0);
            if (kinds != 1) {
                problem(s.pos(), "step '" + id + "' needs exactly one of: task/connection (run a task), message (ask a person), "
                        + "write_secret (write to Vault)");
            } else if (isTask) {
                out.add(taskStep(s, id, condition, line, inputNames, ids));
            } else if (isMessage) {
                Form form = form(s.entries().get("message"), id);
                if (form != null) {
                    out.add(new Step.MessageStep(id, condition, form, line));
                }
            } else {
                Step w = writeStep(s.entries().get("write_secret"), id, condition, line, inputNames, ids);
                if (w != null) {
                    out.add(w);
                }
            }
            ids.add(id);
        }
        return out;
    }

    private Step taskStep(MapNode s, String id, FlowTemplate condition, int line, Set<String> inputNames, List<String> ids) {
        String task = optionalText(s, "task");
        String connection = optionalText(s, "connection");
        if (task != null && knownTypes != null && !knownTypes.contains(task.toUpperCase(Locale.ROOT))) {
            problem(s.entries().get("task").pos(), "unknown task type '" + task + "' in step '" + id + "'; known types: "
                    + String.join(", ", knownTypes.stream().sorted().toList()));
        }
        if (connection != null) {
            Names.problem(Names.Kind.CONNECTION, connection).ifPresent(p -> problem(s.entries().get("connection").pos(),
                    "step '" + id + "': " + p));
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        Node in = s.entries().get("inputs");
        if (in instanceof MapNode m) {
            m.entries().forEach((k, v) -> inputs.put(k, tree(v, inputNames, ids)));
        } else if (in != null && !(in instanceof Scalar sc && sc.value() == null)) {
            problem(in.pos(), "the 'inputs' of step '" + id + "' are a map of input name to value, not " + in.kind());
        }
        return new Step.TaskStep(id, condition, task == null ? null : task.toUpperCase(Locale.ROOT), connection, inputs, line);
    }

    private Form form(Node node, String id) {
        if (!(node instanceof MapNode m)) {
            problem(node.pos(), "the 'message' of step '" + id + "' is a map with subject, text and fields");
            return null;
        }
        unknownKeys(m, MESSAGE_KEYS, "the message of step '" + id + "'");
        String subject = requiredText(m, "subject", "what the person is asked, e.g. subject: Enter the new password");
        String text = optionalText(m, "text");
        List<Form.Field> fields = new ArrayList<>();
        Node f = m.entries().get("fields");
        if (!(f instanceof ListNode list) || list.items().isEmpty()) {
            problem(f == null ? m.pos() : f.pos(), "the message of step '" + id + "' needs 'fields': a list of {name, type, label, required, secret, choices}");
            return null;
        }
        Set<String> names = new HashSet<>();
        for (Node item : list.items()) {
            if (!(item instanceof MapNode fm)) {
                problem(item.pos(), "a form field is a map {name, type, label, required, secret, choices}, not " + item.kind());
                continue;
            }
            unknownKeys(fm, FIELD_KEYS, "a form field");
            String name = requiredText(fm, "name", "the key of the submitted value");
            if (name == null) {
                continue;
            }
            if (!names.add(name)) {
                problem(fm.pos(), "form field '" + name + "' appears twice");
                continue;
            }
            ValueType type = ValueType.STRING;
            if (fm.entries().get("type") instanceof Scalar t && t.value() instanceof String tn) {
                type = type(tn, t.pos());
            }
            List<String> choices = new ArrayList<>();
            Node c = fm.entries().get("choices");
            if (c instanceof ListNode cl && !cl.items().isEmpty()
                    && cl.items().stream().allMatch(x -> x instanceof Scalar sc && sc.value() != null && !(sc.value() instanceof Map))) {
                cl.items().forEach(x -> choices.add(String.valueOf(((Scalar) x).value())));
            } else if (c != null) {
                problem(c.pos(), "'choices' of form field '" + name + "' is a non-empty list of values, e.g. choices: [small, large]");
            }
            fields.add(new Form.Field(name, type, optionalText(fm, "label"), bool(fm, "required", false), bool(fm, "secret", false), choices));
        }
        return subject == null ? null : new Form(subject, text, fields);
    }

    private Step writeStep(Node node, String id, FlowTemplate condition, int line, Set<String> inputNames, List<String> ids) {
        if (!(node instanceof MapNode m)) {
            problem(node.pos(), "'write_secret' of step '" + id + "' is a map with vault_config, path and data");
            return null;
        }
        unknownKeys(m, WRITE_KEYS, "write_secret of step '" + id + "'");
        String config = optionalText(m, "vault_config");
        Node pathNode = m.entries().get("path");
        FlowTemplate path = pathNode == null ? null : tree(pathNode, inputNames, ids) instanceof FlowTemplate t ? t : null;
        if (path == null && pathNode instanceof Scalar ps && ps.value() instanceof String p) {
            path = FlowTemplate.parse(p);
        }
        if (path == null) {
            problem(pathNode == null ? m.pos() : pathNode.pos(), "write_secret of step '" + id + "' needs 'path': the secret's path, e.g. secret/app");
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (m.entries().get("data") instanceof MapNode d) {
            d.entries().forEach((k, v) -> data.put(k, tree(v, inputNames, ids)));
        } else {
            problem(m.pos(), "write_secret of step '" + id + "' needs 'data': a map of keys to values");
        }
        return new Step.WriteSecretStep(id, condition, config, path, data, line);
    }

    private FlowTemplate condition(Node node, Set<String> inputNames, List<String> ids) {
        if (node instanceof Scalar s && s.value() instanceof Boolean b) {
            return FlowTemplate.expression(b.toString());
        }
        if (!(node instanceof Scalar s && s.value() instanceof String text)) {
            problem(node.pos(), "'if' is an expression such as inputs.mode == 'full' (or ${{ ... }}), not " + node.kind());
            return null;
        }
        try {
            FlowTemplate t = text.contains("${{") ? FlowTemplate.parse(text) : FlowTemplate.expression(text);
            t.checkNames(inputNames, ids);
            return t;
        } catch (ExpressionException e) {
            expressionProblem(s, e, text.contains("${{") ? 0 : -1);
            return null;
        }
    }

    /** A plain value with every string containing ${{ turned into a checked template. */
    private Object tree(Node node, Set<String> inputNames, List<String> ids) {
        return switch (node) {
            case MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, tree(v, inputNames, ids)));
                yield out;
            }
            case ListNode l -> {
                List<Object> out = new ArrayList<>();
                l.items().forEach(v -> out.add(tree(v, inputNames, ids)));
                yield out;
            }
            case Scalar s when s.value() instanceof String text && text.contains("${{") -> {
                try {
                    FlowTemplate t = FlowTemplate.parse(text);
                    t.checkNames(inputNames, ids);
                    yield t;
                } catch (ExpressionException e) {
                    expressionProblem(s, e, 0);
                    yield text;
                }
            }
            case Scalar s -> s.value();
        };
    }

    /**
     * Records an expression problem at its exact column when the scalar is on one line
     * ({@code bare} is -1 for an {@code if:} written without delimiters).
     */
    private void expressionProblem(Scalar s, ExpressionException e, int bare) {
        Pos at = s.pos();
        int column = at.column();
        String text = (String) s.value();
        if (text.indexOf('\n') < 0 && at.line() - 1 < lines.length) {
            String line = lines[at.line() - 1];
            int quote = at.column() - 1 < line.length() && (line.charAt(at.column() - 1) == '"' || line.charAt(at.column() - 1) == '\'') ? 1 : 0;
            column = at.column() + quote + (bare < 0 ? 0 : e.offset()) + e.column() - 1;
        }
        problems.add(new Problem(at.line(), column, e.getMessage()));
    }

    private void unknownKeys(MapNode m, Set<String> allowed, String what) {
        m.keys().forEach((k, pos) -> {
            if (!allowed.contains(k)) {
                problem(pos, "unknown key '" + k + "' in " + what + "; allowed keys: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    private String requiredText(MapNode m, String key, String hint) {
        Node n = m.entries().get(key);
        if (n == null) {
            problem(m.pos(), "missing '" + key + "': " + hint);
            return null;
        }
        if (n instanceof Scalar s && s.value() != null && !(s.value() instanceof Boolean) && !s.value().toString().isBlank()) {
            return s.value().toString();
        }
        problem(n.pos(), "'" + key + "' must be text (" + hint + "), not " + n.kind());
        return null;
    }

    private String optionalText(MapNode m, String key) {
        Node n = m.entries().get(key);
        if (n == null || (n instanceof Scalar s && s.value() == null)) {
            return null;
        }
        if (n instanceof Scalar s && !(s.value() instanceof Boolean)) {
            return s.value().toString();
        }
        problem(n.pos(), "'" + key + "' must be text, not " + n.kind());
        return null;
    }

    private boolean bool(MapNode m, String key, boolean fallback) {
        Node n = m.entries().get(key);
        if (n == null) {
            return fallback;
        }
        if (n instanceof Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        problem(n.pos(), "'" + key + "' must be true or false, not " + n.kind());
        return fallback;
    }

    private void problem(Pos pos, String message) {
        problems.add(new Problem(pos.line(), pos.column(), message));
    }
}
