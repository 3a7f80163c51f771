"""A set's audience: open practice (listed, instant feedback) or classes only (join code).

The shared sets that ship with the site stay open practice. Sets that teachers made become classes
only: a published teacher's set was listed for practice, so students could read the answers of a
graded assignment before taking it. A teacher who wants practice chooses it again in the admin.
"""

from django.conf import settings
from django.db import migrations, models


def teachers_sets_for_classes(apps, schema_editor):
    QuestionSet = apps.get_model("quizzes", "QuestionSet")
    QuestionSet.objects.filter(owner__isnull=False).update(audience="classes")


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0006_rename_response_answer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='questionset',
            name='audience',
            field=models.CharField(choices=[('practice', 'Anyone: listed on the quizzes page for practice'), ('classes', 'My classes only: students need a join code from an assignment')], default='practice', help_text='A quiz for anyone is listed on the site and shows the correct answer after each question, so students can read its answers before a test. Choose “my classes only” for a quiz you will grade.', max_length=10, verbose_name='who can take it'),
        ),
        migrations.AddConstraint(
            model_name='questionset',
            constraint=models.CheckConstraint(condition=models.Q(('audience__in', ['practice', 'classes'])), name='quizzes_questionset_audience_valid'),
        ),
        migrations.RunPython(teachers_sets_for_classes, migrations.RunPython.noop),
    ]
