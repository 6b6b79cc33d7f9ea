//! The OTM `project` object: the document's identity and metadata.

use super::read::Node;
use super::{Context, Extras, ImportError};
use crate::model::{Author, Document, Extensions};

const PROJECT_MEMBERS: &[&str] = &["name", "id", "description", "owner", "ownerContact", "tags"];

/// Creates the document from the project. OTM has no license member, so the
/// document has none either.
pub fn document(
    cx: &mut Context,
    project: Node,
    root_extras: &mut Extras,
) -> Result<Document, ImportError> {
    let name = project.required_str("name", "the project")?;
    let otm_id = project.required_id("id", "the project")?;
    let id = cx.claim(&otm_id, "project", &project.at("id"));
    let mut document = Document::new(id, name);
    document.description = project.str("description")?.map(str::to_owned);
    document.tags = project.strings("tags")?;

    let owner = project.str("owner")?;
    let contact = project.str("ownerContact")?;
    let email = contact.filter(|contact| is_email(contact));
    if let (Some(contact), None) = (contact, email) {
        let reason = format!(
            "`ownerContact` \"{contact}\" is not an email address, and a TMIF author \
             has no other member for contact details"
        );
        cx.unmapped(
            root_extras,
            &project.at("ownerContact"),
            &contact.into(),
            &reason,
        );
    }
    if let Some(name) = owner.or(email) {
        document.authors.push(Author {
            name: name.to_owned(),
            email: email.map(str::to_owned),
            organization: None,
            url: None,
            extensions: Extensions::new(),
        });
    }

    cx.rest(project, PROJECT_MEMBERS, root_extras, "the project");
    Ok(document)
}

/// Checks the shape `local@domain.tld` with no white space, which tells an
/// email address from a name, a URL or a phone number.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
}
