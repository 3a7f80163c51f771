from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Teachers"
# Exactly what authoring needs: their own sets, questions and choices, read access to the
# explainer rows a question links to, and read access to results. No users, no groups.
PERMISSIONS = {
    "quizzes": {
        "questionset": ["add", "change", "delete", "view"],
        "question": ["add", "change", "delete", "view"],
        "choice": ["add", "change", "delete", "view"],
    },
    "explainer": {
        "section": ["view"],
        "source": ["view"],
        "term": ["view"],
        "timelineevent": ["view"],
    },
}


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_authoring_rules"),
        ("explainer", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
