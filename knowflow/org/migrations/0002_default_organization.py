from django.db import migrations


def create_organization(apps, schema_editor):
    # The one Organization row always exists, so pages read it without a get_or_create write.
    Organization = apps.get_model("org", "Organization")
    Organization.objects.get_or_create(pk=1, defaults={"name": "Knowflow"})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_organization, migrations.RunPython.noop)]
