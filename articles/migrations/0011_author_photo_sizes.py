"""Authors' photos keep their pixel size, as stories' images do, so that pages offer
them as renditions.

The photos already stored get their size here. Without it, Django would open each
one's file whenever its author is read (for every byline on a list of stories), to
fill in the missing size.
"""

from django.core.files.images import get_image_dimensions
from django.db import migrations, models


def fill_photo_sizes(apps, schema_editor):
    Author = apps.get_model("articles", "Author")
    storage = Author._meta.get_field("photo").storage
    # Names only: an Author instance with a photo and no size would open its file.
    stored = (
        Author.objects.exclude(photo="")
        .filter(photo_width__isnull=True)
        .values_list("pk", "photo")
    )
    for pk, name in stored:
        try:
            with storage.open(name) as file:
                width, height = get_image_dimensions(file)
        except OSError:
            # Left as it is: a photo whose file is missing needs an editor to
            # upload it again or remove it, whatever this step does.
            continue
        if width and height:
            Author.objects.filter(pk=pk).update(photo_width=width, photo_height=height)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="photo_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="author",
            name="photo_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="author",
            name="photo",
            field=models.ImageField(
                blank=True,
                height_field="photo_height",
                upload_to="authors/",
                verbose_name="photo",
                width_field="photo_width",
            ),
        ),
        migrations.RunPython(fill_photo_sizes, migrations.RunPython.noop),
    ]
