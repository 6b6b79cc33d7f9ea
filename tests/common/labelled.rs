//! Generated 1.1 documents with random labels, for the redaction and split
//! property tests.
//!
//! Every object gets its own random tokens as id, name, description, tags
//! and extension members, so a token found in an output can only have come
//! from the object that owns it.

use std::collections::HashMap;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use tmif::Document;

pub struct Picker {
    values: Vec<u32>,
    at: usize,
}

impl Picker {
    pub fn next(&mut self) -> u32 {
        let value = self.values[self.at % self.values.len()]
            ^ (self.at as u32).wrapping_mul(0x9E37_79B9)
            ^ (self.at / self.values.len()) as u32;
        self.at += 1;
        value
    }

    pub fn below(&mut self, bound: usize) -> usize {
        self.next() as usize % bound
    }

    pub fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < percent
    }

    /// Draws an own label: none half of the time, else one of the five.
    pub fn label(&mut self) -> Option<&'static str> {
        const LABELS: [&str; 5] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];
        match self.below(10) {
            0..5 => None,
            n => Some(LABELS[n - 5]),
        }
    }
}

/// A generated document and the tokens that each object owns, by object id.
pub struct Generated {
    pub value: Value,
    pub document: Document,
    pub owned: HashMap<String, Vec<String>>,
}

/// Shows the document's JSON, which is what a failing case needs.
impl std::fmt::Debug for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.value)
    }
}

/// Builds documents whose strings are unique tokens of one length, so no
/// token is a substring of another.
pub struct Builder {
    prefix: u32,
    count: usize,
    owned: HashMap<String, Vec<String>>,
}

impl Builder {
    pub fn token(&mut self) -> String {
        self.count += 1;
        format!("k{:08x}n{:04}z", self.prefix, self.count)
    }

    /// Creates the members every identifiable object gets: id, a name
    /// member, a description, tags, an extension member and an own label.
    pub fn object(&mut self, name_member: Option<&str>, picker: &mut Picker) -> Map<String, Value> {
        let id = self.token();
        let mut tokens = vec![id.clone()];
        let mut object = Map::new();
        object.insert("id".into(), json!(id));
        if let Some(member) = name_member {
            let name = self.token();
            tokens.push(name.clone());
            object.insert(member.into(), json!(name));
        }
        if picker.chance(60) {
            let text = self.token();
            tokens.push(text.clone());
            object.insert("description".into(), json!(format!("About {text}.")));
        }
        if picker.chance(40) {
            let tag = self.token();
            tokens.push(tag.clone());
            object.insert("tags".into(), json!([tag]));
        }
        if picker.chance(50) {
            let member = self.token();
            let content = self.token();
            tokens.push(member.clone());
            tokens.push(content.clone());
            object.insert(format!("x-{member}"), json!(content));
        }
        if let Some(label) = picker.label() {
            object.insert("classification".into(), json!(label));
        }
        self.owned.insert(id, tokens);
        object
    }

    pub fn own(&mut self, id: &str, token: String) {
        self.owned.entry(id.to_owned()).or_default().push(token);
    }
}

pub fn id_of(object: &Map<String, Value>) -> String {
    object["id"].as_str().unwrap_or_default().to_owned()
}

/// Picks up to `max_count` distinct ids from `ids`.
pub fn pick_ids(picker: &mut Picker, ids: &[String], max_count: usize) -> Vec<String> {
    let mut picked: Vec<String> = Vec::new();
    if ids.is_empty() {
        return picked;
    }
    for _ in 0..picker.below(max_count + 1) {
        let id = ids[picker.below(ids.len())].clone();
        if !picked.contains(&id) {
            picked.push(id);
        }
    }
    picked
}

/// Generates a valid TMIF 1.1 document with labels on random objects.
pub fn build(prefix: u32, values: Vec<u32>) -> Generated {
    let mut picker = Picker { values, at: 0 };
    let mut builder = Builder {
        prefix,
        count: 0,
        owned: HashMap::new(),
    };
    let p = &mut picker;
    let b = &mut builder;

    let mut root = Map::new();
    root.insert("tmif".into(), json!("1.1.0"));
    let model_id = b.token();
    root.insert("id".into(), json!(model_id));
    root.insert("title".into(), json!(b.token()));
    root.insert("description".into(), json!(b.token()));
    let extension = b.token();
    root.insert(format!("x-{extension}"), json!(b.token()));
    // The document's own label stays low most of the time, so that most cases redact.
    if p.chance(40) {
        let label = ["CLEAR", "GREEN", "AMBER", "RED"][p.below(4)];
        root.insert("classification".into(), json!(label));
    }

    let mut taxonomies = Vec::new();
    let mut codes: Vec<(String, String)> = Vec::new();
    for _ in 0..p.below(2) {
        let mut taxonomy = b.object(Some("name"), p);
        taxonomy.remove("tags");
        let id = id_of(&taxonomy);
        let code = b.token();
        let entry_name = b.token();
        b.own(&id, code.clone());
        b.own(&id, entry_name.clone());
        taxonomy.insert("entries".into(), json!([{"id": code, "name": entry_name}]));
        codes.push((id, code));
        taxonomies.push(Value::Object(taxonomy));
    }

    let mut zones = Vec::new();
    let mut zone_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(4) {
        let mut zone = b.object(Some("name"), p);
        if !zone_ids.is_empty() && p.chance(40) {
            let parent = zone_ids[p.below(zone_ids.len())].clone();
            zone.insert("parent".into(), json!(parent));
        }
        zone_ids.push(id_of(&zone));
        zones.push(Value::Object(zone));
    }

    let mut assets = Vec::new();
    let mut asset_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(3) {
        let asset = b.object(Some("name"), p);
        asset_ids.push(id_of(&asset));
        assets.push(Value::Object(asset));
    }

    let mut elements = Vec::new();
    let mut element_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(7) {
        let mut element = b.object(Some("name"), p);
        let kind = ["process", "data-store", "external-entity"][p.below(3)];
        element.insert("kind".into(), json!(kind));
        if !zone_ids.is_empty() && p.chance(70) {
            element.insert("zone".into(), json!(zone_ids[p.below(zone_ids.len())]));
        }
        if !element_ids.is_empty() && p.chance(30) {
            let parent = element_ids[p.below(element_ids.len())].clone();
            element.insert("parent".into(), json!(parent));
        }
        let processed = pick_ids(p, &asset_ids, 1);
        if !processed.is_empty() {
            element.insert("processedAssets".into(), json!(processed));
        }
        let stored = pick_ids(p, &asset_ids, 1);
        if !stored.is_empty() {
            element.insert("storedAssets".into(), json!(stored));
        }
        element_ids.push(id_of(&element));
        elements.push(Value::Object(element));
    }

    let mut flows = Vec::new();
    let mut flow_ids: Vec<String> = Vec::new();
    if element_ids.len() >= 2 {
        for _ in 0..p.below(6) {
            let mut flow = b.object(Some("name"), p);
            let source = p.below(element_ids.len());
            let target = (source + 1 + p.below(element_ids.len() - 1)) % element_ids.len();
            flow.insert("source".into(), json!(element_ids[source]));
            flow.insert("target".into(), json!(element_ids[target]));
            let carried = pick_ids(p, &asset_ids, 2);
            if !carried.is_empty() {
                flow.insert("dataAssets".into(), json!(carried));
            }
            flow_ids.push(id_of(&flow));
            flows.push(Value::Object(flow));
        }
    }

    let mut boundaries = Vec::new();
    let mut boundary_ids: Vec<String> = Vec::new();
    if !zone_ids.is_empty() {
        for _ in 0..p.below(3) {
            let mut boundary = b.object(Some("name"), p);
            let mut separated = pick_ids(p, &zone_ids, 2);
            if separated.is_empty() {
                separated.push(zone_ids[0].clone());
            }
            boundary.insert("zones".into(), json!(separated));
            let crossing = pick_ids(p, &flow_ids, 1);
            if !crossing.is_empty() {
                boundary.insert("crossingFlows".into(), json!(crossing));
            }
            boundary_ids.push(id_of(&boundary));
            boundaries.push(Value::Object(boundary));
        }
    }

    let mut mitigations = Vec::new();
    let mut mitigation_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(3) {
        let mut mitigation = b.object(Some("title"), p);
        mitigation.insert("status".into(), json!("proposed"));
        mitigation_ids.push(id_of(&mitigation));
        mitigations.push(Value::Object(mitigation));
    }

    let affectable: Vec<String> = [
        &element_ids,
        &flow_ids,
        &zone_ids,
        &boundary_ids,
        &asset_ids,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let mut threats = Vec::new();
    let mut threat_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(5) {
        let mut threat = b.object(Some("title"), p);
        threat.insert("status".into(), json!("open"));
        let affects = pick_ids(p, &affectable, 2);
        if !affects.is_empty() {
            threat.insert("affects".into(), json!(affects));
        }
        let mitigated = pick_ids(p, &mitigation_ids, 1);
        if !mitigated.is_empty() {
            threat.insert("mitigations".into(), json!(mitigated));
        }
        let mut categories = vec![json!({"taxonomy": "STRIDE", "id": "S"})];
        if !codes.is_empty() && p.chance(60) {
            let (taxonomy, code) = &codes[p.below(codes.len())];
            categories.push(json!({"taxonomy": taxonomy, "id": code}));
        }
        threat.insert("categories".into(), json!(categories));
        threat_ids.push(id_of(&threat));
        threats.push(Value::Object(threat));
    }

    let assumable: Vec<String> = affectable
        .iter()
        .chain(&threat_ids)
        .chain(&mitigation_ids)
        .cloned()
        .collect();
    let mut assumptions = Vec::new();
    let mut assumption_ids: Vec<String> = Vec::new();
    for _ in 0..p.below(3) {
        let mut assumption = b.object(None, p);
        let id = id_of(&assumption);
        let text = b.token();
        b.own(&id, text.clone());
        assumption.insert("description".into(), json!(text));
        let affects = pick_ids(p, &assumable, 2);
        if !affects.is_empty() {
            assumption.insert("affects".into(), json!(affects));
        }
        assumption_ids.push(id);
        assumptions.push(Value::Object(assumption));
    }

    // Annotations get their ids first, so that one may be about a later one.
    let annotation_count = p.below(6);
    let mut annotations: Vec<Map<String, Value>> = Vec::new();
    for _ in 0..annotation_count {
        let mut annotation = b.object(None, p);
        annotation.remove("description");
        annotation.remove("tags");
        let id = id_of(&annotation);
        let author = b.token();
        let text = b.token();
        b.own(&id, author.clone());
        b.own(&id, text.clone());
        annotation.insert("author".into(), json!(author));
        annotation.insert("role".into(), json!("security"));
        annotation.insert("text".into(), json!(text));
        annotation.insert("created".into(), json!("2026-01-01T00:00:00Z"));
        annotations.push(annotation);
    }
    let annotation_ids: Vec<String> = annotations.iter().map(id_of).collect();
    let taxonomy_ids: Vec<String> = codes.iter().map(|(id, _)| id.clone()).collect();
    let mut annotatable: Vec<String> = assumable
        .iter()
        .chain(&assumption_ids)
        .chain(&annotation_ids)
        .chain(&taxonomy_ids)
        .cloned()
        .collect();
    annotatable.push(model_id.clone());
    for (i, annotation) in annotations.iter_mut().enumerate() {
        let own_id = annotation_ids[i].clone();
        let about: Vec<String> = pick_ids(p, &annotatable, 2)
            .into_iter()
            .filter(|id| *id != own_id)
            .collect();
        if !about.is_empty() {
            annotation.insert("about".into(), json!(about));
        }
        if i > 0 && p.chance(50) {
            annotation.insert("replyTo".into(), json!(annotation_ids[p.below(i)]));
        }
    }

    let mut views = Vec::new();
    let drawable_boxes: Vec<String> = zone_ids
        .iter()
        .chain(&element_ids)
        .chain(&boundary_ids)
        .cloned()
        .collect();
    let drawable_lines: Vec<String> = flow_ids.iter().chain(&boundary_ids).cloned().collect();
    for _ in 0..p.below(3) {
        let mut view = b.object(Some("name"), p);
        view.remove("tags");
        let mut nodes = Vec::new();
        for (i, object) in drawable_boxes.iter().enumerate() {
            if p.chance(70) {
                // A diagram tool's text for the box describes the object drawn, so the object owns it.
                let label = b.token();
                b.own(object, label.clone());
                nodes.push(
                    json!({"object": object, "x": i as f64 * 10.0, "y": 5.0, "width": 8.0,
                                  "x-label": label}),
                );
            }
        }
        let mut edges = Vec::new();
        for object in &drawable_lines {
            if p.chance(70) {
                let label = b.token();
                b.own(object, label.clone());
                edges.push(json!({"object": object, "points": [{"x": 1.0, "y": 2.0}],
                                  "x-label": label}));
            }
        }
        if !nodes.is_empty() {
            view.insert("nodes".into(), Value::Array(nodes));
        }
        if !edges.is_empty() {
            view.insert("edges".into(), Value::Array(edges));
        }
        views.push(Value::Object(view));
    }

    let collections = [
        ("taxonomies", taxonomies),
        ("trustZones", zones),
        ("elements", elements),
        ("dataFlows", flows),
        ("dataAssets", assets),
        ("trustBoundaries", boundaries),
        ("threats", threats),
        ("mitigations", mitigations),
        ("assumptions", assumptions),
        (
            "annotations",
            annotations.into_iter().map(Value::Object).collect(),
        ),
        ("views", views),
    ];
    for (name, items) in collections {
        if !items.is_empty() {
            root.insert(name.into(), Value::Array(items));
        }
    }
    let value = Value::Object(root);
    let document: Document = match serde_json::from_value(value.clone()) {
        Ok(document) => document,
        Err(error) => panic!("the generated document does not deserialize: {error}\n{value:#}"),
    };
    Generated {
        value,
        document,
        owned: builder.owned,
    }
}

pub fn generated() -> impl Strategy<Value = Generated> {
    (any::<u32>(), prop::collection::vec(any::<u32>(), 64..256))
        .prop_map(|(prefix, values)| build(prefix, values))
}
