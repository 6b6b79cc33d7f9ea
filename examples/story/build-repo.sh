#!/bin/sh
# Creates a git repository at DIR whose history is the four revisions of the
# invoicing-service threat model in this folder, committed as one file with
# fixed authors and dates, so that every run gives the same commit ids.
#
# Usage: build-repo.sh DIR
#
# The history has five commits. The third leaves the file invalid with a
# trailing comma, and its message states this. The fourth fixes the file and
# moves it from threat-model.tmif.json to model/threat-model.tmif.json with
# `git mv`.
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  echo "creates a git repository at DIR with the history of the story example" >&2
  exit 2
fi
target=$1
story=$(cd "$(dirname "$0")" && pwd)

if [ -e "$target" ] && [ ! -d "$target" ]; then
  echo "error: $target exists and is not a directory; give the path of a new or empty directory" >&2
  exit 2
fi
if [ -d "$target" ] && [ -n "$(ls -A "$target")" ]; then
  echo "error: $target is not empty; give the path of a new or empty directory" >&2
  exit 2
fi
for revision in 1-service 2-feature 3-mitigations 4-slim; do
  if [ ! -f "$story/$revision.tmif.json" ]; then
    echo "error: $story/$revision.tmif.json is missing" >&2
    exit 2
  fi
done
mkdir -p "$target"
cd "$target"

# The user's and the system's git configuration are not read, so that no
# signing, hook template or default branch name changes the commits.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME="Priya Raman"
GIT_AUTHOR_EMAIL="priya.raman@invoicing.example"
GIT_COMMITTER_NAME="Priya Raman"
GIT_COMMITTER_EMAIL="priya.raman@invoicing.example"
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

git init --quiet --template= --initial-branch=main .
git config core.autocrlf false
git config commit.gpgsign false

# Commits the staged changes with author and committer date $1, subject $2
# and body $3.
commit() {
  GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 \
    git commit --quiet --no-verify -m "$2" -m "$3"
}

cp "$story/1-service.tmif.json" threat-model.tmif.json
git add threat-model.tmif.json
commit "2026-03-02T09:00:00Z" "Add the threat model of the invoicing service" \
"First model of the service: the customer portal, the API, the invoice
database, the PDF bucket, the SMTP relay and the legacy SFTP export, with
five open threats from the design review."

cp "$story/2-feature.tmif.json" threat-model.tmif.json
git add threat-model.tmif.json
commit "2026-03-23T14:30:00Z" "Model card payments and payment webhooks" \
"Invoices can now be paid by card on the provider's hosted checkout page.
Payment events reach the service as webhooks and go through a queue to a
worker that marks invoices paid and sends receipts through a transactional
email service, which replaces the SMTP relay. The PDF bucket moved to the
internal network, so the pre-signed URL threat no longer applies."

# The file of the previous commit with a comma after its last member.
sed -e '$d' "$story/2-feature.tmif.json" | sed -e '$d' > threat-model.tmif.json
printf '  ],\n}\n' >> threat-model.tmif.json
git add threat-model.tmif.json
commit "2026-03-25T08:15:00Z" "Edit the model by hand (invalid: trailing comma)" \
"This commit deliberately leaves the file invalid: a comma follows the
last member, so it is not JSON. The next commit fixes it. Tools that read
the history must skip this revision and say why."

mkdir model
git mv threat-model.tmif.json model/threat-model.tmif.json
cp "$story/3-mitigations.tmif.json" model/threat-model.tmif.json
git add model/threat-model.tmif.json
commit "2026-04-13T10:00:00Z" "Record mitigations and move the model to model/" \
"Mitigations agreed in the payment review, with the threats they close.
The two SFTP risks are accepted until the export is retired. The model
moves to model/ next to the other design documents, and this commit also
removes the trailing comma of the previous one."

cp "$story/4-slim.tmif.json" model/threat-model.tmif.json
git add model/threat-model.tmif.json
commit "2026-05-04T16:45:00Z" "Remove the retired SFTP export from the model" \
"The SFTP export server was shut down on 30 April; accountants download
exports from the customer portal. Its elements, flows and data asset are
gone, one of its threats is removed and the other is not applicable."

echo "created $(pwd) with $(git rev-list --count HEAD) commits"
