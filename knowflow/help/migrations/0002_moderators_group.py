from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_moderators(apps, schema_editor):
    # Permissions are normally created after migrations; the group needs its permission now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(codename="moderate", content_type__app_label="help"))


class Migration(migrations.Migration):
    dependencies = [("help", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_moderators, migrations.RunPython.noop)]
