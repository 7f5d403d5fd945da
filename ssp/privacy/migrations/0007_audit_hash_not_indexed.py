"""The audit log's hash is no longer indexed: nothing looks an event up by it, and ``verify_chain`` (each event's
hash covers the previous one's) is what proves the log whole. The unique index on a random key cost every
disclosure a write to a random index page."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_audit_indexes_covered_by_composites")]

    operations = [migrations.RemoveConstraint(model_name="auditevent", name="audit_unique_hash")]
