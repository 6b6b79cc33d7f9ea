//! Deterministic synthetic models for tests and benchmarks.
//!
//! The same options always give the same document, byte for byte, on every
//! platform: the generator uses its own pseudo-random number generator
//! (SplitMix64) rather than one whose output may change between releases.

use crate::model::Extensions;
use crate::model::{
    Authentication, DataAsset, DataFlow, Document, Element, ElementKind, Encryption, Id,
    Mitigation, MitigationStatus, Percent, Rating, Severity, TaxonomyRef, Threat, ThreatStatus,
    TrustZone,
};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// The number of elements; the model has as many data flows.
    pub elements: usize,
    /// The seed of the pseudo-random choices.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            elements: 100,
            seed: 1,
        }
    }
}

/// SplitMix64, a small generator with a fixed, documented output sequence.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound`, which must not be zero.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const ROLES: &[&str] = &[
    "gateway",
    "billing",
    "catalog",
    "search",
    "identity",
    "ledger",
    "audit",
    "notification",
    "checkout",
    "inventory",
    "reporting",
    "session",
    "profile",
    "pricing",
    "shipping",
    "recommendation",
];
const TECHNOLOGIES: &[&str] = &[
    "web-server",
    "application-server",
    "postgresql",
    "redis",
    "kafka",
    "object-storage",
    "browser",
    "mobile-app",
    "load-balancer",
    "identity-provider",
];
const PROTOCOLS: &[&str] = &[
    "HTTPS",
    "gRPC",
    "AMQP",
    "PostgreSQL wire protocol",
    "HTTP",
    "SFTP",
];
const STRIDE: &[&str] = &["S", "T", "R", "I", "D", "E"];
const WEAKNESSES: &[&str] = &[
    "CWE-79", "CWE-89", "CWE-287", "CWE-306", "CWE-311", "CWE-352", "CWE-502", "CWE-918",
];

/// Generates a model with `options.elements` elements and as many data flows
/// (none when there are fewer than two elements),
/// plus trust zones, data assets, threats and mitigations in fixed proportions.
///
/// A model of 100,000 elements serializes to about 50 MB in canonical form,
/// near the size of an Open Threat Model export with as many components and flows.
pub fn generate(options: GenerateOptions) -> Document {
    let mut random = SplitMix64(options.seed);
    let count = options.elements;
    let zone_count = (count / 200).max(1);
    let asset_count = (count / 50).max(1);
    // Threats affect elements and flows connect two of them, so a model with
    // no element has no threat and one with a single element has no flow.
    let threat_count = if count == 0 { 0 } else { (count / 10).max(1) };
    let mitigation_count = if count == 0 { 0 } else { (count / 20).max(1) };
    let flow_count = if count < 2 { 0 } else { count };

    let mut document = Document::new(
        format!("generated-model-{}", options.seed),
        format!("Generated model of {count} elements"),
    );
    document.description = Some(format!(
        "A synthetic threat model made by `tmif generate --elements {count} --seed {}`.",
        options.seed
    ));
    document.license = Some("CC0-1.0".into());
    document.created = Some("2026-01-01T00:00:00Z".into());

    for i in 0..zone_count {
        let parent =
            (i > 0 && random.below(3) == 0).then(|| Id::from(format!("zone-{}", random.below(i))));
        document.trust_zones.push(TrustZone {
            classification: None,
            id: Id::from(format!("zone-{i}")),
            name: format!("Zone {i}"),
            description: Some(format!(
                "Network segment number {i} of the generated system."
            )),
            zone_type: Some(
                if i == 0 {
                    "internet"
                } else {
                    "private-network"
                }
                .into(),
            ),
            parent,
            trust_level: Percent::new((random.below(101)) as f64),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    for i in 0..asset_count {
        document.data_assets.push(DataAsset {
            classification: None,
            id: Id::from(format!("asset-{i}")),
            name: format!("Data set {i}"),
            description: Some(format!(
                "Records kept by the {} service.",
                random.pick(ROLES)
            )),
            sensitivity: Some(
                random
                    .pick(&["public", "internal", "confidential"])
                    .to_string(),
            ),
            confidentiality: Some(*random.pick(&Rating::ALL)),
            integrity: Some(*random.pick(&Rating::ALL)),
            availability: Some(*random.pick(&Rating::ALL)),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    for i in 0..count {
        let role = random.pick(ROLES);
        let kind = *random.pick(&ElementKind::ALL);
        document.elements.push(Element {
            classification: None,
            id: Id::from(format!("element-{i}")),
            name: format!("{role} {i}"),
            kind,
            element_type: Some(random.pick(TECHNOLOGIES).to_string()),
            // Every tenth element has a description, as in typical exported models.
            description: (i % 10 == 0).then(|| format!("The {role} service, number {i}.")),
            zone: Some(Id::from(format!("zone-{}", random.below(zone_count)))),
            parent: None,
            processed_assets: if i % 2 == 0 {
                vec![Id::from(format!("asset-{}", random.below(asset_count)))]
            } else {
                Vec::new()
            },
            stored_assets: Vec::new(),
            out_of_scope: false,
            out_of_scope_reason: None,
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    for i in 0..flow_count {
        let source = random.below(count);
        // Pick a target different from the source whenever there are two elements.
        let target = if count > 1 {
            (source + 1 + random.below(count - 1)) % count
        } else {
            source
        };
        document.data_flows.push(DataFlow {
            classification: None,
            id: Id::from(format!("flow-{i}")),
            name: Some(format!("Request {i}")),
            description: None,
            source: Id::from(format!("element-{source}")),
            target: Id::from(format!("element-{target}")),
            bidirectional: random.below(4) == 0,
            protocol: Some(random.pick(PROTOCOLS).to_string()),
            data_assets: vec![Id::from(format!("asset-{}", random.below(asset_count)))],
            authentication: (i % 2 == 0).then(|| *random.pick(&Authentication::ALL)),
            encryption: (i % 2 == 0).then(|| *random.pick(&Encryption::ALL)),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    for i in 0..mitigation_count {
        document.mitigations.push(Mitigation {
            classification: None,
            id: Id::from(format!("mitigation-{i}")),
            title: format!("Control {i}"),
            description: Some(
                "Validate input at the boundary and log every rejected request.".into(),
            ),
            status: *random.pick(&MitigationStatus::ALL),
            references: Vec::new(),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    for i in 0..threat_count {
        let affected = random.below(count);
        let status = *random.pick(&[
            ThreatStatus::Open,
            ThreatStatus::Accepted,
            ThreatStatus::Transferred,
            ThreatStatus::NotApplicable,
        ]);
        document.threats.push(Threat {
            classification: None,
            id: Id::from(format!("threat-{i}")),
            title: format!("Threat {i} against element {affected}"),
            description: Some("An attacker who reaches the element abuses its interface.".into()),
            categories: vec![TaxonomyRef::new("STRIDE", *random.pick(STRIDE))],
            weaknesses: vec![TaxonomyRef::new("CWE", *random.pick(WEAKNESSES))],
            attack_patterns: Vec::new(),
            affects: vec![Id::from(format!("element-{affected}"))],
            likelihood: Some(*random.pick(&Rating::ALL)),
            impact: Some(*random.pick(&Rating::ALL)),
            severity: Some(*random.pick(&Severity::ALL)),
            status,
            status_reason: None,
            mitigations: vec![Id::from(format!(
                "mitigation-{}",
                random.below(mitigation_count)
            ))],
            references: Vec::new(),
            tags: Vec::new(),
            extensions: Extensions::new(),
        });
    }
    document
}
