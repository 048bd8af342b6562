from django.db import migrations, models

from articles.sanitize import html_to_text

BATCH = 1000


def count_existing_words(apps, schema_editor):
    """Count the words of every part written before parts kept their count.

    The same count as ``BodyPart.count_words()``, which this historical model lacks.
    """
    BodyPart = apps.get_model("articles", "BodyPart")
    parts = BodyPart.objects.using(schema_editor.connection.alias).only(
        "pk", "title", "text"
    )
    batch = []
    for part in parts.order_by("pk").iterator(chunk_size=BATCH):
        part.word_count = len(part.title.split()) + len(html_to_text(part.text).split())
        batch.append(part)
        if len(batch) == BATCH:
            BodyPart.objects.bulk_update(batch, ["word_count"])
            batch = []
    BodyPart.objects.bulk_update(batch, ["word_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_author_photo_sizes"),
    ]

    operations = [
        migrations.AddField(
            model_name="bodypart",
            name="word_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="words"
            ),
        ),
        migrations.RunPython(count_existing_words, migrations.RunPython.noop),
    ]
