"""A student's answer is called Answer, not Response (which also names Django's HTTP responses).

The table is renamed with its rows; the constraints are renamed to follow the model's name.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0005_teachers_assign"),
    ]

    operations = [
        migrations.RenameModel("Response", "Answer"),
        migrations.AlterField(
            model_name="answer",
            name="attempt",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="answers", to="quizzes.attempt"
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="answers", to="quizzes.question"
            ),
        ),
        # The new names are added before the old ones go, so the rule is never off.
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                fields=("attempt", "question"), name="quizzes_answer_one_per_question"
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__gte", 0), ("score__lte", 1)),
                name="quizzes_answer_score_0_1",
            ),
        ),
        migrations.RemoveConstraint(model_name="answer", name="quizzes_response_one_per_question"),
        migrations.RemoveConstraint(model_name="answer", name="quizzes_response_score_0_1"),
    ]
