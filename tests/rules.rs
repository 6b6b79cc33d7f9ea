//! One or more cases per semantic rule: a minimal document that triggers
//! exactly that rule at the expected pointer, and a near miss that does not.

use serde_json::{Map, Value, json};
use tmif::{Level, Syntax, rules};

/// Builds a valid document with two elements, a zone, a flow, a threat and a
/// mitigation, which the cases change one member at a time.
fn base() -> Value {
    json!({
        "tmif": "1.0.0",
        "id": "model",
        "title": "Rules",
        "license": "MIT",
        "created": "2026-01-01T00:00:00Z",
        "modified": "2026-02-01T00:00:00Z",
        "trustZones": [{"id": "internet", "name": "Internet"}, {"id": "dmz", "name": "DMZ"}],
        "elements": [
            {"id": "web", "name": "Web", "kind": "process", "zone": "dmz"},
            {"id": "db", "name": "DB", "kind": "data-store"}
        ],
        "dataFlows": [{"id": "query", "source": "web", "target": "db"}],
        "threats": [{"id": "sqli", "title": "SQL injection", "status": "open",
                     "affects": ["web"], "mitigations": ["prepared"],
                     "categories": [{"taxonomy": "STRIDE", "id": "T"}]}],
        "mitigations": [{"id": "prepared", "title": "Prepared statements", "status": "implemented"}]
    })
}

/// Returns the base document with each `(pointer, value)` set. A `None`
/// value removes the member.
fn with(edits: &[(&str, Option<Value>)]) -> Value {
    let mut document = base();
    for (pointer, value) in edits {
        let (parent, name) = pointer.rsplit_once('/').expect("a member pointer");
        let target = document
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("no parent for {pointer}"));
        match (target, value) {
            (Value::Object(members), Some(value)) => {
                members.insert(name.to_owned(), value.clone());
            }
            (Value::Object(members), None) => {
                members.remove(name);
            }
            (Value::Array(items), Some(value)) => {
                let index: usize = name.parse().expect("an array index");
                if index == items.len() {
                    items.push(value.clone());
                } else {
                    items[index] = value.clone();
                }
            }
            (other, _) => panic!("{pointer}: cannot edit inside {other}"),
        }
    }
    document
}

struct Case {
    name: &'static str,
    code: &'static str,
    pointer: &'static str,
    document: Value,
    near_miss: Value,
}

fn case(
    name: &'static str,
    code: &'static str,
    pointer: &'static str,
    trigger: &[(&str, Option<Value>)],
    near_miss: &[(&str, Option<Value>)],
) -> Case {
    Case {
        name,
        code,
        pointer,
        document: with(trigger),
        near_miss: with(near_miss),
    }
}

fn cases() -> Vec<Case> {
    let element = |id: &str| json!({"id": id, "name": "E", "kind": "process"});
    let zone = |id: &str, parent: &str| json!({"id": id, "name": "Z", "parent": parent});
    let stride = |id: &str| json!([{"taxonomy": "STRIDE", "id": id}]);
    let acme = json!([{"id": "acme", "name": "ACME", "entries": [{"id": "A1", "name": "One"}]}]);
    vec![
        case(
            "label below the inherited one",
            "TMIF2009",
            "/elements/0/classification",
            &[
                ("/tmif", Some(json!("1.1.0"))),
                ("/classification", Some(json!("AMBER"))),
                ("/elements/0/classification", Some(json!("GREEN"))),
            ],
            &[
                ("/tmif", Some(json!("1.1.0"))),
                ("/classification", Some(json!("AMBER"))),
                ("/elements/0/classification", Some(json!("RED"))),
            ],
        ),
        case(
            "merge conflicts left in the document",
            "TMIF2010",
            "/x-tmif-merge-conflicts",
            &[
                ("/tmif", Some(json!("1.1.0"))),
                (
                    "/x-tmif-merge-conflicts",
                    Some(json!([{"pointer": "/title", "reason": "changed on both sides"}])),
                ),
            ],
            &[
                ("/tmif", Some(json!("1.0.0"))),
                (
                    "/x-tmif-merge-conflicts",
                    Some(json!([{"pointer": "/title", "reason": "changed on both sides"}])),
                ),
            ],
        ),
        case(
            "duplicate element id",
            "TMIF1101",
            "/elements/2/id",
            &[("/elements/2", Some(element("web")))],
            &[("/elements/2", Some(element("cache")))],
        ),
        case(
            "id shared across collections",
            "TMIF1101",
            "/assumptions/0/id",
            &[(
                "/assumptions",
                Some(json!([{"id": "dmz", "description": "Patched"}])),
            )],
            &[(
                "/assumptions",
                Some(json!([{"id": "dmz-patched", "description": "Patched"}])),
            )],
        ),
        case(
            "id with leading space",
            "TMIF1102",
            "/trustZones/0/id",
            &[("/trustZones/0/id", Some(json!(" internet")))],
            &[("/trustZones/0/id", Some(json!("public internet")))],
        ),
        case(
            "empty id",
            "TMIF1102",
            "/id",
            &[("/id", Some(json!("")))],
            &[("/id", Some(json!("0")))],
        ),
        case(
            "id with control character",
            "TMIF1102",
            "/mitigations/0/id",
            &[
                ("/mitigations/0/id", Some(json!("prep\u{7}ared"))),
                ("/threats/0/mitigations", Some(json!(["prep\u{7}ared"]))),
            ],
            &[
                ("/mitigations/0/id", Some(json!("prépared"))),
                ("/threats/0/mitigations", Some(json!(["prépared"]))),
            ],
        ),
        case(
            "flow target missing",
            "TMIF1103",
            "/dataFlows/0/target",
            &[("/dataFlows/0/target", Some(json!("cache")))],
            &[("/dataFlows/0/target", Some(json!("db")))],
        ),
        case(
            "element zone missing",
            "TMIF1103",
            "/elements/0/zone",
            &[("/elements/0/zone", Some(json!("DMZ")))],
            &[("/elements/0/zone", Some(json!("internet")))],
        ),
        case(
            "flow target is a zone",
            "TMIF1104",
            "/dataFlows/0/target",
            &[("/dataFlows/0/target", Some(json!("dmz")))],
            &[
                ("/dataFlows/0/target", Some(json!("web"))),
                ("/dataFlows/0/source", Some(json!("db"))),
            ],
        ),
        case(
            "threat affects a mitigation",
            "TMIF1104",
            "/threats/0/affects/0",
            &[("/threats/0/affects", Some(json!(["prepared"])))],
            &[("/threats/0/affects", Some(json!(["query"])))],
        ),
        case(
            "view node names a flow",
            "TMIF1104",
            "/views/0/nodes/0/object",
            &[(
                "/views",
                Some(
                    json!([{"id": "v", "name": "V", "nodes": [{"object": "query", "x": 0, "y": 0}]}]),
                ),
            )],
            &[(
                "/views",
                Some(
                    json!([{"id": "v", "name": "V", "nodes": [{"object": "web", "x": 0, "y": 0}],
                                        "edges": [{"object": "query"}]}]),
                ),
            )],
        ),
        case(
            "zone parent cycle",
            "TMIF1105",
            "/trustZones/0/parent",
            &[
                ("/trustZones/0", Some(zone("internet", "dmz"))),
                ("/trustZones/1", Some(zone("dmz", "internet"))),
            ],
            &[("/trustZones/1", Some(zone("dmz", "internet")))],
        ),
        case(
            "element is its own parent",
            "TMIF1105",
            "/elements/1/parent",
            &[("/elements/1/parent", Some(json!("db")))],
            &[("/elements/1/parent", Some(json!("web")))],
        ),
        case(
            "taxonomy name in wrong case",
            "TMIF1201",
            "/threats/0/categories/0/taxonomy",
            &[(
                "/threats/0/categories",
                Some(json!([{"taxonomy": "stride", "id": "T"}])),
            )],
            &[(
                "/threats/0/categories",
                Some(json!([{"taxonomy": "LINDDUN", "id": "Dd"}])),
            )],
        ),
        case(
            "STRIDE code unknown",
            "TMIF1202",
            "/threats/0/categories/0/id",
            &[("/threats/0/categories", Some(stride("Tampering")))],
            &[("/threats/0/categories", Some(stride("E")))],
        ),
        case(
            "CWE code malformed",
            "TMIF1202",
            "/threats/0/weaknesses/0/id",
            &[(
                "/threats/0/weaknesses",
                Some(json!([{"taxonomy": "CWE", "id": "CWE-089"}])),
            )],
            &[(
                "/threats/0/weaknesses",
                Some(json!([{"taxonomy": "CWE", "id": "CWE-89"}])),
            )],
        ),
        case(
            "declared taxonomy entry missing",
            "TMIF1202",
            "/threats/0/categories/0/id",
            &[
                ("/taxonomies", Some(acme.clone())),
                (
                    "/threats/0/categories",
                    Some(json!([{"taxonomy": "acme", "id": "A2"}])),
                ),
            ],
            &[
                ("/taxonomies", Some(acme.clone())),
                (
                    "/threats/0/categories",
                    Some(json!([{"taxonomy": "acme", "id": "A1"}])),
                ),
            ],
        ),
        case(
            "STRIDE entry under weaknesses",
            "TMIF1203",
            "/threats/0/weaknesses/0/taxonomy",
            &[("/threats/0/weaknesses", Some(stride("T")))],
            &[(
                "/threats/0/weaknesses",
                Some(json!([{"taxonomy": "CWE", "id": "CWE-20"}])),
            )],
        ),
        case(
            "CWE entry under attack patterns",
            "TMIF1203",
            "/threats/0/attackPatterns/0/taxonomy",
            &[(
                "/threats/0/attackPatterns",
                Some(json!([{"taxonomy": "CWE", "id": "CWE-20"}])),
            )],
            &[(
                "/threats/0/attackPatterns",
                Some(json!([{"taxonomy": "ATTACK", "id": "T1190"}])),
            )],
        ),
        case(
            "taxonomy reuses built-in name",
            "TMIF1204",
            "/taxonomies/0/id",
            &[(
                "/taxonomies",
                Some(json!([{"id": "Capec", "name": "Mine"}])),
            )],
            &[(
                "/taxonomies",
                Some(json!([{"id": "capec-local", "name": "Mine"}])),
            )],
        ),
        case(
            "taxonomy lists entry twice",
            "TMIF1204",
            "/taxonomies/0/entries/1/id",
            &[(
                "/taxonomies",
                Some(json!([{"id": "acme", "name": "ACME",
                "entries": [{"id": "A1", "name": "One"}, {"id": "A1", "name": "Again"}]}])),
            )],
            &[(
                "/taxonomies",
                Some(json!([{"id": "acme", "name": "ACME",
                "entries": [{"id": "A1", "name": "One"}, {"id": "a1", "name": "Other"}]}])),
            )],
        ),
        case(
            "license expression incomplete",
            "TMIF1301",
            "/license",
            &[("/license", Some(json!("MIT OR")))],
            &[("/license", Some(json!("MIT OR Apache-2.0")))],
        ),
        case(
            "license name not SPDX",
            "TMIF1301",
            "/license",
            &[("/license", Some(json!("Creative Commons")))],
            &[("/license", Some(json!("LicenseRef-Company-Internal")))],
        ),
        case(
            "timestamp without time",
            "TMIF1302",
            "/created",
            &[("/created", Some(json!("2026-01-01")))],
            &[("/created", Some(json!("2026-01-01T00:00:00+01:00")))],
        ),
        case(
            "timestamp without offset",
            "TMIF1302",
            "/modified",
            &[("/modified", Some(json!("2026-02-01T00:00:00")))],
            &[("/modified", Some(json!("2026-02-01T00:00:00.5Z")))],
        ),
        case(
            "reference url relative",
            "TMIF1303",
            "/threats/0/references/0/url",
            &[(
                "/threats/0/references",
                Some(json!([{"url": "owasp.org/sqli"}])),
            )],
            &[(
                "/threats/0/references",
                Some(json!([{"url": "https://owasp.org/sqli"}])),
            )],
        ),
        case(
            "author url with space",
            "TMIF1303",
            "/authors/0/url",
            &[(
                "/authors",
                Some(json!([{"name": "A", "url": "https://example.com/a b"}])),
            )],
            &[(
                "/authors",
                Some(json!([{"name": "A", "url": "mailto:a@example.com"}])),
            )],
        ),
        case(
            "license missing",
            "TMIF2001",
            "",
            &[("/license", None)],
            &[("/license", Some(json!("CC0-1.0")))],
        ),
        case(
            "license deprecated",
            "TMIF2004",
            "/license",
            &[("/license", Some(json!("GPL-2.0")))],
            &[("/license", Some(json!("GPL-2.0-only")))],
        ),
        case(
            "flow loops to its source",
            "TMIF2005",
            "/dataFlows/0/target",
            &[("/dataFlows/0/target", Some(json!("web")))],
            &[("/dataFlows/0/bidirectional", Some(json!(true)))],
        ),
        case(
            "modified before created",
            "TMIF2006",
            "/modified",
            &[("/modified", Some(json!("2025-12-31T23:59:59Z")))],
            &[("/modified", Some(json!("2026-01-01T00:00:00Z")))],
        ),
        case(
            "mitigated with proposed control",
            "TMIF2007",
            "/threats/0/status",
            &[
                ("/threats/0/status", Some(json!("mitigated"))),
                ("/mitigations/0/status", Some(json!("proposed"))),
            ],
            &[
                ("/threats/0/status", Some(json!("mitigated"))),
                ("/mitigations/0/status", Some(json!("verified"))),
            ],
        ),
        case(
            "mitigated without controls",
            "TMIF2007",
            "/threats/0/status",
            &[
                ("/threats/0/status", Some(json!("mitigated"))),
                ("/threats/0/mitigations", None),
            ],
            &[
                ("/threats/0/status", Some(json!("accepted"))),
                ("/threats/0/mitigations", None),
            ],
        ),
        case(
            "affects lists an id twice",
            "TMIF2008",
            "/threats/0/affects/2",
            &[("/threats/0/affects", Some(json!(["web", "db", "web"])))],
            &[("/threats/0/affects", Some(json!(["web", "db", "query"])))],
        ),
    ]
}

fn validate(document: &Value) -> tmif::Validation {
    let text = serde_json::to_vec_pretty(document).expect("a document serializes");
    tmif::validate(&text, Syntax::Json)
}

#[test]
fn base_document_clean() {
    let validation = validate(&base());
    assert!(
        validation.diagnostics.is_empty(),
        "{:?}",
        validation.diagnostics
    );
}

#[test]
fn rules_trigger_at_pointer() {
    for case in cases() {
        let validation = validate(&case.document);
        let codes: Vec<&str> = validation.diagnostics.iter().map(|d| d.code).collect();
        assert!(!codes.is_empty(), "{}: no diagnostic", case.name);
        assert!(
            codes.iter().all(|code| *code == case.code),
            "{}: codes {codes:?}, expected only {}",
            case.name,
            case.code
        );
        let diagnostic = &validation.diagnostics[0];
        assert_eq!(diagnostic.pointer, case.pointer, "{}: pointer", case.name);
        let rule = rules::by_code(case.code)
            .unwrap_or_else(|| panic!("{}: {} is not registered", case.name, case.code));
        assert_eq!(diagnostic.level, rule.level, "{}: level", case.name);
        assert_eq!(
            validation.is_valid(),
            rule.level == Level::Warning,
            "{}: validity",
            case.name
        );
        assert!(
            diagnostic.position.is_some(),
            "{}: no source position",
            case.name
        );
        assert!(
            !diagnostic.message.ends_with('.'),
            "{}: message ends with a period",
            case.name
        );
    }
}

#[test]
fn near_misses_clean() {
    for case in cases() {
        let validation = validate(&case.near_miss);
        assert!(
            validation.diagnostics.is_empty(),
            "{}: near miss reports {:?}",
            case.name,
            validation.diagnostics
        );
    }
}

#[test]
fn rules_same_for_yaml() {
    for case in cases() {
        let text = serde_json::to_string(&case.document).unwrap();
        // JSON text without tabs is YAML 1.2 flow syntax.
        let validation = tmif::validate(text.as_bytes(), Syntax::Yaml);
        let found = validation.diagnostics.iter().find(|d| d.code == case.code);
        assert_eq!(
            found.map(|d| d.pointer.as_str()),
            Some(case.pointer),
            "{}: YAML pointer",
            case.name
        );
    }
}

#[test]
fn rule_position_exact() {
    let text = "{\"tmif\": \"1.0.0\", \"id\": \"m\", \"title\": \"t\", \"license\": \"MIT\",\n\
                \"elements\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"process\"}],\n\
                \"dataFlows\": [{\"id\": \"f\", \"source\": \"a\",\n    \"target\": \"b\"}]}";
    let validation = tmif::validate(text.as_bytes(), Syntax::Json);
    let diagnostic = validation
        .diagnostics
        .iter()
        .find(|d| d.code == "TMIF1103")
        .expect("a TMIF1103");
    assert_eq!(diagnostic.pointer, "/dataFlows/0/target", "pointer");
    assert_eq!(
        diagnostic.position,
        Some(tmif::Position { line: 4, column: 5 }),
        "position of the member name"
    );
}

#[test]
fn registry_codes_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for rule in rules::ALL {
        assert!(seen.insert(rule.code), "{} is registered twice", rule.code);
        let expected = if rule.code.starts_with("TMIF1") {
            Level::Error
        } else {
            Level::Warning
        };
        assert!(
            rule.code.len() == 8 && rule.code[4..].bytes().all(|b| b.is_ascii_digit()),
            "{} is malformed",
            rule.code
        );
        assert_eq!(
            rule.level, expected,
            "{}: level does not match its code",
            rule.code
        );
        assert_eq!(
            rules::by_code(rule.code),
            Some(rule),
            "{}: by_code",
            rule.code
        );
        assert!(
            rule.summary.ends_with('.'),
            "{}: summary is not a sentence",
            rule.code
        );
    }
}

/// Codes whose cases live in `tests/bad_input.rs`, which writes each code
/// it checks as a string literal.
fn codes_in_bad_input() -> Vec<&'static str> {
    let source = include_str!("bad_input.rs");
    rules::ALL
        .iter()
        .map(|rule| rule.code)
        .filter(|code| source.contains(&format!("\"{code}\"")))
        .collect()
}

#[test]
fn every_rule_exercised() {
    let mut covered: Vec<&str> = cases().iter().map(|case| case.code).collect();
    covered.extend(codes_in_bad_input());
    let missing: Vec<&str> = rules::ALL
        .iter()
        .map(|rule| rule.code)
        .filter(|code| !covered.contains(code))
        .collect();
    assert!(missing.is_empty(), "no test exercises {missing:?}");
    let mut unknown: Vec<&str> = covered
        .iter()
        .copied()
        .filter(|code| rules::by_code(code).is_none())
        .collect();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "tests use unregistered codes {unknown:?}"
    );
}

#[test]
fn semantic_rules_skip_unreadable_documents() {
    // A document that fails shape checks gets no semantic diagnostics, which
    // would refer to a document that was never read.
    let mut document = with(&[("/dataFlows/0/target", Some(json!("cache")))]);
    document
        .as_object_mut()
        .map(|members: &mut Map<String, Value>| members.insert("bogus".into(), json!(1)));
    let validation = validate(&document);
    let codes: Vec<&str> = validation.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["TMIF1020"], "diagnostics of an unreadable document");
}

#[test]
fn in_memory_version_codes() {
    let cases = [
        ("1.0.0", None),
        ("1.0.3", None),
        ("1.4.0", Some("TMIF2002")),
        ("2.0.0", Some("TMIF1011")),
        ("1.0", Some("TMIF1010")),
    ];
    for (version, expected) in cases {
        let mut document = tmif::Document::new("model", "Model");
        document.license = Some("MIT".into());
        document.tmif = version.into();
        let diagnostics = tmif::validate_document(&document);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            expected.into_iter().collect::<Vec<_>>(),
            "codes for tmif {version:?}"
        );
        if let Some(diagnostic) = diagnostics.first() {
            assert_eq!(diagnostic.pointer, "/tmif", "pointer for tmif {version:?}");
            assert!(
                diagnostic.message.contains(version),
                "message for {version:?}: {}",
                diagnostic.message
            );
        }
    }
}
